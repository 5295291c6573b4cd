import type { EventStore, ReadAllOptions } from '@app/event-store';
import { streamCounter } from './testing/test-projections';
import { readCounts, RunnerFixture } from './testing/runner-fixture';

describe('ProjectionRunner catching up', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  it('asks for the next page before it applies the current one, and reads each page once', async () => {
    const head = await fixture.append(1000);
    const steps: string[] = [];
    const store = fixture.store;
    const recording: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: (options: ReadAllOptions = {}) => {
        steps.push(`read ${options.fromPosition ?? 0n}`);
        return store.readAll(options);
      },
    });
    const counter = streamCounter({ onApply: (event) => steps.push(`apply ${event.position}`) });
    const runner = fixture.runner([counter], { store: recording, batchSize: 100 });
    await runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.stop();

    const reads = steps.filter((step) => step.startsWith('read'));
    expect(new Set(reads).size).toBe(reads.length);
    for (let end = 100n; end < head; end += 100n) {
      // The page after a batch was asked for before the batch's first event was applied.
      expect(steps.indexOf(`read ${end}`)).toBeGreaterThanOrEqual(0);
      expect(steps.indexOf(`read ${end}`)).toBeLessThan(steps.indexOf(`apply ${end - 99n}`));
    }
    const counts = readCounts(runner, counter.name, counter.table);
    expect(counts.reduce((sum, row) => sum + row.events, 0)).toBe(1000);
  });
});
