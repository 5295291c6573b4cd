import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuplicateEventIdError, EventStoreUnavailableError, InvalidPositionError } from './event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';
import { CREATE_EVENTS_TABLE } from './sqlite-schema';
import { newEvent, newEvents, take, uniqueStream } from './testing/contract-helpers';
import { describeEventStoreContract } from './testing/event-store.contract';
import { killSqliteWriterMidStream } from './testing/kill-sqlite-writer';

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeEventStoreContract('SQLite, durability full', {
  open: async () => new SqliteEventStore({ filename: file('contract.sqlite') }),
  killWriterMidStream: (streamId) => killSqliteWriterMidStream(file('contract.sqlite'), streamId, 'full'),
});

describeEventStoreContract('SQLite, sparse positions', {
  open: async () => new SqliteEventStore({ filename: file('contract-gaps.sqlite'), positionGaps: true }),
  killWriterMidStream: (streamId) => killSqliteWriterMidStream(file('contract-gaps.sqlite'), streamId, 'full'),
});

describe('SqliteEventStore', () => {
  let stores: SqliteEventStore[] = [];
  const open = (name: string, options: Partial<ConstructorParameters<typeof SqliteEventStore>[0]> = {}) => {
    const store = new SqliteEventStore({ filename: file(name), ...options });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    stores = [];
  });

  describe('settings', () => {
    it('runs in WAL mode with synchronous FULL by default', () => {
      expect(open('default.sqlite').settings()).toMatchObject({ journalMode: 'wal', synchronous: 'full' });
    });

    it('runs with synchronous NORMAL when durability is normal', () => {
      expect(open('normal.sqlite', { durability: 'normal' }).settings().synchronous).toBe('normal');
    });

    it('creates the schema once and keeps its version on reopen', async () => {
      const first = open('schema.sqlite');
      await first.append('s', [newEvent()], { expectedRevision: 'no_stream' });
      await first.close();
      const again = open('schema.sqlite');
      expect(again.settings().schemaVersion).toBe(2);
      expect(await again.streamRevision('s')).toBe(0n);
    });

    it('keeps one store id per file, created with it, and a different one for another file', async () => {
      const first = open('identity.sqlite');
      const id = await first.storeId();
      await first.close();
      expect(await open('identity.sqlite').storeId()).toBe(id);
      expect(await open('other-identity.sqlite').storeId()).not.toBe(id);
    });

    it('gives a version 1 file a store id on upgrade, keeping its events', async () => {
      const db = new Database(file('v1.sqlite'));
      db.exec(CREATE_EVENTS_TABLE);
      db.pragma('user_version = 1');
      db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
         VALUES ('s', 0, 'e-1', 'T', '{}', '{}', '2014-01-01T00:00:00.000Z')`,
      ).run();
      db.close();
      const store = open('v1.sqlite');
      expect(await store.storeId()).toMatch(/^[0-9a-f-]{36}$/);
      expect(store.settings().schemaVersion).toBe(2);
      expect(await store.streamRevision('s')).toBe(0n);
    });

    it('refuses a file written by a newer schema', () => {
      const db = new Database(file('future.sqlite'));
      db.pragma('user_version = 99');
      db.close();
      expect(() => open('future.sqlite')).toThrow(/newer/);
    });

    it('stamps recordedAt from the injected clock', async () => {
      const store = open('clock.sqlite', { clock: () => new Date('2014-10-31T23:59:00Z') });
      await store.append('s', [newEvent()], { expectedRevision: 'any' });
      expect((await store.readStream('s'))[0].recordedAt).toBe('2014-10-31T23:59:00.000Z');
    });
  });

  describe('positionGaps', () => {
    it('hands out strictly increasing positions with a gap after every event, across batches and reopens', async () => {
      const store = open('gaps.sqlite', { positionGaps: true });
      await store.append('a', newEvents(3), { expectedRevision: 'no_stream' });
      await Promise.all([
        store.append('b', newEvents(2), { expectedRevision: 'any' }),
        store.append('c', [newEvent()], { expectedRevision: 'any' }),
      ]);
      await store.close();
      const again = open('gaps.sqlite', { positionGaps: true });
      const last = await again.append('a', [newEvent()], { expectedRevision: 2n });
      const positions = (await again.readAll()).map((event) => event.position);
      expect(positions).toHaveLength(7);
      expect(positions.at(-1)).toBe(last.position);
      positions.forEach((position, index) => {
        expect(position - (positions[index - 1] ?? 0n)).toBeGreaterThanOrEqual(2n);
      });
    });

    it('refuses a position between two events and reads on from any event\'s', async () => {
      const store = open('gaps-read.sqlite', { positionGaps: true });
      await store.append('a', newEvents(3), { expectedRevision: 'no_stream' });
      const [first, second, third] = await store.readAll();
      await expect(store.readAll({ fromPosition: first.position + 1n })).rejects.toBeInstanceOf(
        InvalidPositionError,
      );
      expect((await store.readAll({ fromPosition: first.position })).map((event) => event.id)).toEqual([
        second.id,
        third.id,
      ]);
    });
  });

  describe('close', () => {
    it('commits appends still queued, then refuses further work as unavailable', async () => {
      const store = open('close.sqlite');
      const queued = store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(queued).resolves.toMatchObject({ nextRevision: 0n });
      await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(store.readStream('s')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(await open('close.sqlite').streamRevision('s')).toBe(0n);
    });

    it('ends its subscriptions', async () => {
      const store = open('close-subscriptions.sqlite');
      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      const next = iterator.next();
      await store.close();
      await expect(next).resolves.toEqual({ done: true, value: undefined });
    });
  });

  describe('event ids', () => {
    it('answers a retry with any or stream_exists from the first attempt', async () => {
      const store = open('ids-retry.sqlite');
      const events = newEvents(2);
      const original = await store.append('s', events, { expectedRevision: 'any' });
      expect(await store.append('s', events, { expectedRevision: 'any' })).toEqual(original);
      expect(await store.append('s', events, { expectedRevision: 'stream_exists' })).toEqual(original);
      expect(await store.readStream('s')).toHaveLength(2);
    });

    it('refuses ids already used in another stream, or elsewhere in the same stream', async () => {
      const store = open('ids-elsewhere.sqlite');
      const [first, second] = newEvents(2);
      await store.append('a', [first, second], { expectedRevision: 'no_stream' });
      await expect(store.append('b', [first], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      await expect(store.append('a', [second, first], { expectedRevision: 'any' })).rejects.toMatchObject({
        name: 'DuplicateEventIdError',
        eventIds: expect.arrayContaining([first.id, second.id]),
      });
      // A partial overlap is not a retry either.
      await expect(store.append('a', [newEvent(), first], { expectedRevision: 1n })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.readStream('b')).toEqual([]);
      expect(await store.readStream('a')).toHaveLength(2);
    });

    it('refuses an append that repeats an id, writing none of it', async () => {
      const store = open('ids-repeated.sqlite');
      const event = newEvent();
      await expect(store.append('s', [event, event], { expectedRevision: 'any' })).rejects.toMatchObject({
        name: 'DuplicateEventIdError',
        eventIds: [event.id],
      });
      expect(await store.readStream('s')).toEqual([]);
    });
  });

  it('writes nothing of an append whose later event cannot be stored', async () => {
    const store = open('atomic.sqlite');
    const unserializable = { ...newEvent(), data: { size: 1n } } as unknown as ReturnType<typeof newEvent>;
    await expect(
      store.append('s', [newEvent(), unserializable], { expectedRevision: 'any' }),
    ).rejects.toThrow(TypeError);
    expect(await store.readStream('s')).toEqual([]);
  });

  it('delivers live events committed by another connection to the same file (poll fallback)', async () => {
    const reader = open('two-processes.sqlite');
    const writer = open('two-processes.sqlite');
    const subscription = reader.subscribeToAll();
    const arriving = take(subscription, 3, () => true, 10_000);
    const stream = uniqueStream('other-writer');
    for (const event of newEvents(3)) await writer.append(stream, [event], { expectedRevision: 'any' });
    expect((await arriving).map((event) => event.streamId)).toEqual([stream, stream, stream]);
    await subscription.close();
  });

  it('waits for another process holding the write lock past the busy timeout, then appends', async () => {
    const store = open('busy.sqlite', { busyTimeoutMs: 20 });
    await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    // Another process (a replica) takes the write lock and keeps it until told to commit.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked');
         process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); });`,
        file('busy.sqlite'),
      ],
      { cwd: join(__dirname, '..', '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const appending = store.append('s', [newEvent()], { expectedRevision: 0n });
    let settled = false;
    appending.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Released once the store has met the lock (or given up on it, which fails the test below).
    while (store.stats().busyRetries === 0 && !settled)
      await new Promise((resolve) => setTimeout(resolve, 5));
    holder.stdin.end('commit');
    await expect(appending).resolves.toMatchObject({ nextRevision: 1n });
    await exited;
  });

  it('keeps every acknowledged event when a writer with durability normal is killed with SIGKILL', async () => {
    const stream = uniqueStream('kill-9-normal');
    const acknowledged = await killSqliteWriterMidStream(file('normal-kill.sqlite'), stream, 'normal');
    const stored = await open('normal-kill.sqlite').readStream(stream);
    const byId = new Map(stored.map((event) => [event.id, event]));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged)
      expect(byId.get(ack.id)).toMatchObject({ revision: ack.revision, data: ack.data });
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
  }, 60_000);
});
