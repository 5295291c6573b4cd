import type { EventStore } from '@app/event-store';
import type { ChangeBatch } from './commit-reporter';
import { eventsByType, streamCounter } from './testing/test-projections';
import { eventually, readCounts, RunnerFixture } from './testing/runner-fixture';

describe('ProjectionRunner', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  describe('given history in the log', () => {
    it('catches up, then applies a live append well under a second after it', async () => {
      const counter = streamCounter();
      const history = await fixture.append(1000);
      const runner = fixture.runner([counter, eventsByType()]);
      await runner.start();
      expect(await runner.waitForPosition(history, 5000)).toBe(true);

      const appendedAt = Date.now();
      const live = await fixture.append(1, { offset: 1000 });
      expect(await runner.waitForPosition(live, 1000)).toBe(true);
      expect(Date.now() - appendedAt).toBeLessThan(1000);

      const counts = readCounts(runner, counter.name, counter.table);
      expect(counts.reduce((sum, row) => sum + row.events, 0)).toBe(1001);
      expect(runner.reader.get('events_by_type', 'SELECT count FROM {events_by_type}')).toEqual({
        count: 1001,
      });
      expect(runner.checkpoint(counter.name)).toBe(live);
      await eventually(() => runner.status().every((status) => status.status === 'live'));
      expect(runner.status()[0]).toMatchObject({ generation: 1, lagEvents: 0, lagSeconds: 0 });
    });

    it('commits 10,000 events in far fewer transactions than events', async () => {
      const head = await fixture.append(10_000);
      const runner = fixture.runner([streamCounter()], { batchSize: 2000 });
      await runner.start();
      expect(await runner.waitForPosition(head, 10_000)).toBe(true);

      const [{ counters }] = runner.status();
      expect(counters.eventsApplied).toBe(10_000);
      expect(counters.batchesCommitted).toBeLessThanOrEqual(6);
    });
  });

  it('answers false when a position is not reached in time', async () => {
    const head = await fixture.append(10);
    const runner = fixture.runner([streamCounter()]);
    await runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(await runner.waitForPosition(head + 1n, 50)).toBe(false);
  });

  it('announces de-duplicated changes after the commit, whatever its listeners do', async () => {
    const counter = streamCounter();
    const runner = fixture.runner([counter]);
    const batches: ChangeBatch[] = [];
    const seenAtNotice: number[] = [];
    runner.onChange(() => {
      throw new Error('a broken listener');
    });
    const unsubscribe = runner.onChange((batch) => {
      batches.push(batch);
      // After the commit: a query handler already reads what the notice announces.
      const counts = readCounts(runner, counter.name, counter.table);
      seenAtNotice.push(counts.reduce((sum, row) => sum + row.events, 0));
    });
    await runner.start();

    const position = await fixture.append(30, { streams: 6 }); // programs p0, p1, p2
    expect(await runner.waitForPosition(position, 5000)).toBe(true);

    const changes = batches.flatMap((batch) => batch.changes.map((change) => change.programId));
    expect(new Set(changes)).toEqual(new Set(['p0', 'p1', 'p2']));
    for (const batch of batches) {
      expect(new Set(batch.changes.map((change) => change.programId)).size).toBe(batch.changes.length);
    }
    expect(batches.at(-1)?.position).toBe(position);
    expect(seenAtNotice.at(-1)).toBe(30);
    expect(fixture.logger.lines.some((line) => line.message.includes('a broken listener'))).toBe(true);

    unsubscribe();
    const count = batches.length;
    expect(await runner.waitForPosition(await fixture.append(5, { offset: 30 }), 5000)).toBe(true);
    expect(batches).toHaveLength(count);
  });

  it('stops promptly, reports stopped, and goes on from its checkpoint when started again', async () => {
    const counter = streamCounter();
    const runner = fixture.runner([counter]);
    await runner.start();
    const first = await fixture.append(20);
    expect(await runner.waitForPosition(first, 5000)).toBe(true);

    const stoppedAt = Date.now();
    await runner.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(500);
    expect(runner.status()[0].status).toBe('stopped');

    const second = await fixture.append(20, { offset: 20 });
    await runner.start();
    expect(await runner.waitForPosition(second, 5000)).toBe(true);
    expect(runner.status()[0].counters.eventsApplied).toBe(40);
  });

  it('rides out a log that fails to answer, backing off between attempts', async () => {
    const head = await fixture.append(50);
    let failures = 2;
    const flaky = Object.create(fixture.store) as EventStore;
    flaky.readAll = (options) =>
      failures-- > 0 ? Promise.reject(new Error('log unavailable')) : fixture.store.readAll(options);
    const runner = fixture.runner([streamCounter()], { store: flaky });
    await runner.start();

    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    const errors = fixture.logger.lines.filter((line) => line.level === 'error').map((line) => line.message);
    expect(errors).toEqual([
      'Projection runner: log unavailable; trying again in 100 ms',
      'Projection runner: log unavailable; trying again in 200 ms',
    ]);
  });
});
