import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import { ProjectionStateRepository } from './projection-state.repository';
import { eventsByType, streamCounter } from './testing/test-projections';
import { readCounts, RunnerFixture } from './testing/runner-fixture';

const total = (runner: ReturnType<RunnerFixture['runner']>, name: string, table: string) =>
  readCounts(runner, name, table).reduce((sum, row) => sum + row.events, 0);

describe('ProjectionRunner and the store its read models come from', () => {
  let fixture: RunnerFixture;
  const others: SqliteEventStore[] = [];
  beforeEach(() => (fixture = new RunnerFixture()));
  afterEach(async () => {
    await Promise.all(others.splice(0).map((store) => store.close()));
    await fixture.close();
  });

  /** A recreated store: a new file, with its own positions (here fewer events than the first one had). */
  async function recreatedStore(events: number): Promise<{ store: EventStore; head: bigint }> {
    const store = new SqliteEventStore({ filename: join(fixture.dir, `other-${randomUUID()}.sqlite`) });
    others.push(store);
    const written = Array.from({ length: events }, () => ({
      id: randomUUID(),
      type: 'CounterIncremented',
      data: {},
      metadata: {},
    }));
    const { position } = await store.append('stream-new', written, { expectedRevision: 'no_stream' });
    return { store, head: position };
  }

  it('records the store and keeps its read models across restarts on it', async () => {
    const counter = streamCounter();
    const head = await fixture.append(300);
    const first = fixture.runner([counter, eventsByType()]);
    await first.start();
    expect(await first.waitForPosition(head, 5000)).toBe(true);
    await first.stop();
    expect(new ProjectionStateRepository(fixture.db).storeId()).toBe(
      `store:${await fixture.store.storeId()}`,
    );

    const again = fixture.runner([counter, eventsByType()]);
    await again.start();
    expect(again.checkpoint(counter.name)).toBe(head);
    expect(fixture.logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('rebuilds from scratch, saying why, when the data dir now points at another store', async () => {
    const counter = streamCounter();
    const head = await fixture.append(300);
    const first = fixture.runner([counter, eventsByType()]);
    await first.start();
    expect(await first.waitForPosition(head, 5000)).toBe(true);
    await first.stop();

    // The new store's head lies before the old checkpoint: read on from there, its events would all be skipped.
    const other = await recreatedStore(40);
    expect(other.head).toBeLessThan(head);
    const next = fixture.runner([counter, eventsByType()], { store: other.store });
    await next.start();
    expect(await next.waitForPosition(other.head, 5000)).toBe(true);
    expect(total(next, counter.name, counter.table)).toBe(40);
    expect(next.reader.get('events_by_type', 'SELECT count FROM {events_by_type}')).toEqual({ count: 40 });
    expect(fixture.logger.lines).toContainEqual({
      level: 'warn',
      message: expect.stringContaining('built from another event store'),
    });
  });

  it('adopts the store when the read side predates the check (no identity recorded)', async () => {
    const counter = streamCounter();
    const head = await fixture.append(50);
    const first = fixture.runner([counter]);
    await first.start();
    expect(await first.waitForPosition(head, 5000)).toBe(true);
    await first.stop();
    fixture.db.exec('DELETE FROM projection_meta');

    const again = fixture.runner([counter]);
    await again.start();
    expect(again.checkpoint(counter.name)).toBe(head);
    expect(total(again, counter.name, counter.table)).toBe(50);
    expect(new ProjectionStateRepository(fixture.db).storeId()).toBe(
      `store:${await fixture.store.storeId()}`,
    );
  });
});
