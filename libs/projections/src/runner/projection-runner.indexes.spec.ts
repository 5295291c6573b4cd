import { streamCounter } from './testing/test-projections';
import { eventually, indexNames, readCounts, RunnerFixture } from './testing/runner-fixture';
import { validateProjections } from './generation-tables';
import { InvalidProjectionError } from './projection.errors';

const total = (rows: { events: number }[]) => rows.reduce((sum, row) => sum + row.events, 0);

describe('ProjectionRunner with deferred indexes', () => {
  let fixture: RunnerFixture;
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(() => fixture.close());

  const counter = streamCounter({ indexed: true });
  const table = (generation: number) => `${counter.table}__g${generation}`;

  it('fills a new generation without them and creates them when it reaches the end of the log', async () => {
    const head = await fixture.append(3000);
    const runner = fixture.runner([counter], { batchSize: 20 });
    await runner.start();
    await eventually(() => runner.checkpoint(counter.name) > 200n);
    expect(runner.checkpoint(counter.name)).toBeLessThan(head);
    expect(indexNames(fixture.db, table(1))).toEqual([]);

    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    expect(indexNames(fixture.db, table(1))).toEqual([`${table(1)}_by_events`]);
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(3000);
  });

  it('gives a rebuilt generation its indexes before it replaces the active one', async () => {
    const head = await fixture.append(3000);
    const runner = fixture.runner([counter], { batchSize: 20 });
    await runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.rebuild(counter.name);
    await eventually(() => (runner.status()[0].rebuild?.checkpoint ?? 0n) > 200n);
    expect(indexNames(fixture.db, table(2))).toEqual([]);

    let swappedWithout = false;
    runner.onChange(() => {
      if (runner.status()[0].generation === 2 && indexNames(fixture.db, table(2)).length === 0)
        swappedWithout = true;
    });
    await eventually(() => runner.status()[0].generation === 2);
    expect(swappedWithout).toBe(false);
    expect(indexNames(fixture.db, table(2))).toEqual([`${table(2)}_by_events`]);
  });

  it('creates them for a generation stopped at a poison event, which keeps serving reads', async () => {
    const poisoned = streamCounter({ indexed: true, poison: (event) => event.data.index === 1500 });
    await fixture.append(3000);
    const runner = fixture.runner([poisoned], { batchSize: 20 });
    await runner.start();
    await eventually(() => runner.status()[0].status === 'failed');
    expect(indexNames(fixture.db, table(1))).toEqual([`${table(1)}_by_events`]);
  });

  it('creates them again after a restart when they went missing', async () => {
    const head = await fixture.append(500);
    const first = fixture.runner([counter]);
    await first.start();
    expect(await first.waitForPosition(head, 5000)).toBe(true);
    await first.stop();
    fixture.db.exec(`DROP INDEX ${table(1)}_by_events`); // as if killed between the last batch and the index

    const second = fixture.runner([counter]);
    await second.start();
    await eventually(() => indexNames(fixture.db, table(1)).length === 1);
    expect(second.status()[0]).toMatchObject({ generation: 1, checkpoint: head });
  });

  it('refuses indexes that are not plain and idempotent', () => {
    const unique = streamCounter();
    const [declared] = unique.tables;
    const withIndexes = (sql: string) => ({
      ...unique,
      tables: [{ ...declared, indexes: (physical: string) => [sql.replace('$t', physical)] }],
    });
    expect(() => validateProjections([withIndexes('CREATE INDEX $t_x ON $t (events)')])).toThrow(
      InvalidProjectionError,
    );
    expect(() =>
      validateProjections([withIndexes('CREATE UNIQUE INDEX IF NOT EXISTS $t_x ON $t (events)')]),
    ).toThrow(/CREATE INDEX IF NOT EXISTS/);
    expect(() =>
      validateProjections([withIndexes('create index if not exists $t_x on $t (events)')]),
    ).not.toThrow();
  });
});
