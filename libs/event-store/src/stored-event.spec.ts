import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { storedDataJson } from './stored-event';
import { newEvent, take, uniqueStream } from './testing/contract-helpers';

describe('the stored JSON text of the data of an event', () => {
  let dir: string;
  let store: SqliteEventStore;
  const data = {
    market: 'IN',
    users: 1200,
    bytes: 2 ** 53 + 2,
    text: 'é "q" \u2028',
    list: [1.5, null, { ok: true }],
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stored-event-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appended(): Promise<{ stream: string; position: bigint }> {
    const stream = uniqueStream('stored');
    const { position } = await store.append(stream, [newEvent(data, 'BatchCopied')], {
      expectedRevision: 'no_stream',
    });
    return { stream, position };
  }

  it('comes with every event the embedded store reads, exactly as JSON.stringify would write it', async () => {
    const { stream, position } = await appended();
    const subscription = store.subscribeToAll({ fromPosition: position - 1n });
    const read: RecordedEvent[] = [
      ...(await store.readAll({ fromPosition: position - 1n })),
      ...(await store.readStream(stream)),
      ...(await take(subscription, 1, (event) => event.streamId === stream)),
    ];
    await subscription.close();
    expect(read).toHaveLength(3);
    for (const event of read) {
      expect(event.data).toEqual(data);
      expect(storedDataJson(event)).toBe(JSON.stringify(event.data));
    }
  });

  it('stays out of sight: the event equals a plain one, and a copy (an upcaster makes one) has none', async () => {
    const { position } = await appended();
    const [event] = await store.readAll({ fromPosition: position - 1n });
    const plain = { ...event };
    expect(event).toEqual(plain);
    expect(Object.keys(event)).toEqual(Object.keys(plain));
    expect(storedDataJson(plain)).toBeUndefined();
    expect(storedDataJson({ ...event, data: { ...event.data, attempt: 1 } })).toBeUndefined();
  });
});
