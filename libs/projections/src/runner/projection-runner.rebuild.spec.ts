import type { ChangeBatch } from './commit-reporter';
import { streamCounter } from './testing/test-projections';
import { eventually, readCounts, RunnerFixture, tableNames } from './testing/runner-fixture';

const total = (rows: { events: number }[]) => rows.reduce((sum, row) => sum + row.events, 0);

describe('ProjectionRunner rebuilding a projection', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  it('fills a new generation while the old one serves reads and live events, then swaps', async () => {
    const counter = streamCounter();
    const head = await fixture.append(3000);
    const runner = fixture.runner([counter], { batchSize: 20 });
    await runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    const notices: ChangeBatch[] = [];
    runner.onChange((batch) => notices.push(batch));

    await runner.rebuild(counter.name);
    await eventually(() => (runner.status()[0].rebuild?.checkpoint ?? 0n) > 0n);
    const during = runner.status()[0];
    expect(during).toMatchObject({
      status: 'rebuilding',
      generation: 1,
      rebuild: { generation: 2, version: 1 },
    });
    expect(during.rebuild?.checkpoint).toBeLessThan(head);
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(3000); // the old generation, complete

    const live = await fixture.append(5, { offset: 3000 }); // the old generation keeps up with the log
    expect(await runner.waitForPosition(live, 5000)).toBe(true);
    expect(runner.status()[0].generation).toBe(1);
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(3005);

    await eventually(() => runner.status()[0].generation === 2);
    expect(runner.status()[0]).toMatchObject({ status: 'live', checkpoint: live, rebuild: undefined });
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(3005);
    expect(tableNames(fixture.db)).toContain('stream_counter_counts__g2');
    expect(tableNames(fixture.db)).not.toContain('stream_counter_counts__g1');
    expect(notices.at(-1)).toMatchObject({
      position: live,
      changes: expect.arrayContaining([{ programId: 'p0' }]),
    });
  });

  it('resumes a rebuild cut short from its own checkpoint', async () => {
    const counter = streamCounter();
    const head = await fixture.append(3000);
    const first = fixture.runner([counter], { batchSize: 20 });
    await first.start();
    expect(await first.waitForPosition(head, 10_000)).toBe(true);
    await first.rebuild(counter.name);
    await eventually(() => (first.status()[0].rebuild?.checkpoint ?? 0n) > 500n);
    await first.stop();
    const reached = first.status()[0].rebuild?.checkpoint ?? 0n;
    expect(reached).toBeLessThan(head);

    const second = fixture.runner([counter], { batchSize: 20 });
    await second.start();
    expect(second.status()[0]).toMatchObject({ status: 'rebuilding', rebuild: { generation: 2 } });
    await eventually(() => second.status()[0].generation === 2);
    // It went on from where the first runner stopped: each remaining event once, none before.
    expect(second.status()[0].counters.eventsApplied).toBe(Number(head - reached));
    expect(total(readCounts(second, counter.name, counter.table))).toBe(3000);
  });

  it('rebuilds on start when the version changed, and builds a new projection from 0', async () => {
    const head = await fixture.append(500);
    const first = fixture.runner([streamCounter()]);
    await first.start();
    expect(await first.waitForPosition(head, 5000)).toBe(true);
    await first.stop();

    const counted = streamCounter({ version: 2, weight: 2 });
    const added = streamCounter({ name: 'added_counter' });
    const second = fixture.runner([counted, added]);
    await second.start();
    await eventually(() => second.status().every((status) => status.status === 'live'));

    expect(second.status()).toMatchObject([
      { name: counted.name, version: 2, generation: 2, checkpoint: head },
      { name: added.name, version: 1, generation: 1, checkpoint: head },
    ]);
    expect(total(readCounts(second, counted.name, counted.table))).toBe(1000);
    expect(total(readCounts(second, added.name, added.table))).toBe(500);
    expect(tableNames(fixture.db).filter((name) => name.startsWith(counted.table))).toEqual([
      `${counted.table}__g2`,
    ]);
    expect(fixture.logger.lines.some((line) => line.message.includes('version 1 -> 2'))).toBe(true);
  });

  it('stops only the new generation at a poison event, while the old one serves and follows the log', async () => {
    let broken = false;
    const counter = streamCounter({ poison: (event) => broken && event.data.index === 7 });
    const head = await fixture.append(100);
    const runner = fixture.runner([counter]);
    await runner.start();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);

    broken = true; // e.g. a new version that cannot read an old event
    await runner.rebuild(counter.name);
    await eventually(() => runner.status()[0].status === 'failed');
    const live = await fixture.append(10, { offset: 100 });
    expect(await runner.waitForPosition(live, 5000)).toBe(true);
    expect(runner.status()[0]).toMatchObject({
      generation: 1,
      checkpoint: live,
      rebuild: { generation: 2, poison: { generation: 2, type: 'CounterIncremented' } },
      poison: { generation: 2 },
    });
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(110);

    broken = false;
    await runner.retry(counter.name);
    await eventually(() => runner.status()[0].generation === 2);
    expect(runner.status()[0]).toMatchObject({ status: 'live', checkpoint: live, poison: undefined });
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(110);
  });
});
