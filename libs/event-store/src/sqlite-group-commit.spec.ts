import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WrongExpectedRevisionError } from './event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';
import { newEvent } from './testing/contract-helpers';

describe('SqliteEventStore group commit', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-group-commit-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits 50 concurrent appends to 50 streams in one transaction', async () => {
    const before = store.stats();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.append(`s-${index}`, [newEvent()], { expectedRevision: 'no_stream' }),
      ),
    );
    expect(results.every((result) => result.nextRevision === 0n)).toBe(true);
    expect(store.stats()).toEqual({
      commits: before.commits + 1,
      appends: before.appends + 50,
      busyRetries: 0,
    });
  });

  it('commits appends awaited one by one in one transaction each', async () => {
    for (let index = 0; index < 5; index += 1)
      await store.append('s', [newEvent()], { expectedRevision: 'any' });
    expect(store.stats()).toEqual({ commits: 5, appends: 5, busyRetries: 0 });
  });

  it('rejects only the append whose expectation fails; the rest of its group commits', async () => {
    await store.append('taken', [newEvent()], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('a', [newEvent()], { expectedRevision: 'no_stream' }),
      store.append('taken', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
      store.append('b', [newEvent()], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: expect.any(WrongExpectedRevisionError) });
    expect(store.stats().commits).toBe(2);
    expect(await store.readStream('taken')).toHaveLength(1);
    expect(await store.streamRevision('a')).toBe(0n);
    expect(await store.streamRevision('b')).toBe(0n);
  });

  it('applies a group in call order, so chained expectations within it succeed', async () => {
    const results = await Promise.all([
      store.append('s', [newEvent({ n: 0 })], { expectedRevision: 'no_stream' }),
      store.append('s', [newEvent({ n: 1 })], { expectedRevision: 0n }),
      store.append('t', [newEvent({ n: 2 })], { expectedRevision: 'any' }),
      store.append('s', [newEvent({ n: 3 })], { expectedRevision: 1n }),
    ]);
    expect(results.map((result) => result.position)).toEqual([1n, 2n, 3n, 4n]);
    expect((await store.readAll()).map((event) => event.data)).toEqual([
      { n: 0 },
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });

  it('resolves an append only once its commit is visible to another connection', async () => {
    const observer = new Database(join(dir, 'events.sqlite'), { readonly: true });
    try {
      const counted = () => observer.prepare('SELECT COUNT(*) AS n FROM events').pluck().get();
      const appended = store.append('s', [newEvent()], { expectedRevision: 'any' });
      expect(counted()).toBe(0);
      await appended;
      expect(counted()).toBe(1);
    } finally {
      observer.close();
    }
  });
});
