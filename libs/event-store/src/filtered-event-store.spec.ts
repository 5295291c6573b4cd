import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from './event-store.port';
import { FilteredEventStore, type SkipReason } from './filtered-event-store';
import { SqliteEventStore } from './sqlite-event-store';

const ours = (streamId: string) => streamId.startsWith('ours-');
const event = (i: number) => ({ id: randomUUID(), type: 'Happened', data: { i }, metadata: {} });

/** A row another program wrote straight into the file: its data is not JSON. */
function writeRawRow(filename: string, streamId: string): void {
  const db = new Database(filename);
  try {
    db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, 0, ?, 'Binary', ?, '{}', '2014-06-01T00:00:00.000Z')`,
    ).run(streamId, randomUUID(), 'not json at all');
  } finally {
    db.close();
  }
}

describe('a store filtered to our streams', () => {
  let dir: string;
  let inner: SqliteEventStore;
  let store: FilteredEventStore;
  let skips: SkipReason[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'filtered-store-'));
    inner = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    skips = [];
    store = new FilteredEventStore(inner, ours, (reason) => skips.push(reason));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads past a long run of other streams instead of taking it for the end of the log', async () => {
    await store.append('ours-a', [event(0)], { expectedRevision: 'no_stream' });
    for (let i = 0; i < 5; i++) {
      await inner.append(
        `contract_${i}`,
        Array.from({ length: 60 }, (_, j) => event(j)),
        {
          expectedRevision: 'no_stream',
        },
      );
    }
    await store.append('ours-a', [event(1)], { expectedRevision: 0n });

    const [first] = await store.readAll({ maxCount: 1 });
    const rest = await store.readAll({ fromPosition: first.position, maxCount: 1 });

    expect([first, ...rest].map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }]);
    expect(await store.readAll({ fromPosition: rest[0].position })).toEqual([]);
    expect(skips.filter((reason) => reason === 'foreign').length).toBeGreaterThanOrEqual(300);
  });

  it('skips a row that is not JSON, reports it once, and goes on', async () => {
    await store.append('ours-a', [event(0)], { expectedRevision: 'no_stream' });
    await inner.close();
    writeRawRow(join(dir, 'events.sqlite'), 'ours-b');
    inner = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    store = new FilteredEventStore(inner, ours, (reason) => skips.push(reason));
    await store.append('ours-a', [event(1)], { expectedRevision: 0n });

    const read = async () => (await store.readAll()).map((e) => e.data);

    expect(await read()).toEqual([{ i: 0 }, { i: 1 }]);
    expect(await read()).toEqual([{ i: 0 }, { i: 1 }]);
    expect(store.unreadable()).toEqual({
      count: 1,
      events: [
        expect.objectContaining({
          streamId: 'ours-b',
          type: 'Binary',
          reason: expect.stringMatching(/^not JSON/),
        }),
      ],
    });
    expect(skips).toContain('unreadable');
  });

  it('delivers our events only to a subscription', async () => {
    await inner.append('contract_x', [event(0)], { expectedRevision: 'no_stream' });
    await store.append('ours-a', [event(1)], { expectedRevision: 'no_stream' });
    await inner.append('contract_y', [event(2)], { expectedRevision: 'no_stream' });
    await store.append('ours-a', [event(3)], { expectedRevision: 0n });

    const subscription = store.subscribeToAll();
    const seen: RecordedEvent[] = [];
    for await (const e of subscription) {
      seen.push(e);
      if (seen.length === 2) break;
    }
    await subscription.close();

    expect(seen.map((e) => [e.streamId, e.data])).toEqual([
      ['ours-a', { i: 1 }],
      ['ours-a', { i: 3 }],
    ]);
  });
});
