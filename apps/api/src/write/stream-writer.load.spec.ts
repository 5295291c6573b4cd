import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fold, marketDecider, marketStreamId, type MarketEvent } from '@app/domain';
import { SqliteEventStore, type EventStore, type ReadStreamOptions } from '@app/event-store';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentWrites } from '../idempotency/idempotent-writes';
import { AppMetrics } from '../metrics/metrics.registry';
import { StreamWriter } from './stream-writer';

const ref = { programId: 'p', market: 'IN' };
const STREAM = marketStreamId('p', 'IN');

/** Events `from` to `to` (exclusive) of a market stream: enrolled, started, then batches copied and verified. */
function marketEvents(from: number, to: number): MarketEvent[] {
  const events: MarketEvent[] = [];
  for (let revision = from; revision < to; revision++) {
    const batchId = `b${(revision - 2) >> 1}`;
    if (revision === 0)
      events.push({ type: 'MarketEnrolled', data: { ...ref, targetRegion: 'us-east', usersInScope: 1e9 } });
    else if (revision === 1) events.push({ type: 'MigrationStarted', data: ref });
    else if (revision % 2 === 0)
      events.push({ type: 'BatchCopied', data: { ...ref, batchId, users: 10, attempt: 1 } });
    else events.push({ type: 'BatchVerified', data: { ...ref, batchId, users: 10 } });
  }
  return events;
}

describe('the writer loading a long stream', () => {
  let dir: string;
  let inner: SqliteEventStore;
  let store: EventStore;
  let idempotency: IdempotencyStore;
  const reads: ReadStreamOptions[] = [];

  const append = (from: number, to: number) =>
    inner.append(
      STREAM,
      marketEvents(from, to).map((event, index) => ({
        id: `e-${from + index}`,
        type: event.type,
        data: { ...event.data },
        metadata: { hash: `hash-${from + index}` },
      })),
      { expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1) },
    );

  const writer = (writeCacheBytes?: number) => {
    const clock = () => new Date('2014-06-01T00:00:00Z');
    return new StreamWriter(store, clock, new AppMetrics(), new IdempotentWrites(idempotency, clock), {
      writeCacheBytes: writeCacheBytes ?? 256 * 2 ** 20,
    });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stream-writer-load-'));
    inner = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    idempotency = new IdempotencyStore(join(dir, 'idempotency.sqlite'));
    reads.length = 0;
    store = Object.assign(Object.create(inner) as EventStore, {
      readStream: (streamId: string, options: ReadStreamOptions) => {
        reads.push(options);
        return inner.readStream(streamId, options);
      },
    });
    await append(0, 2_502);
  });

  afterEach(async () => {
    idempotency.close();
    await inner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds the whole stream when nothing is cached, reading a page of at most 1,000 events at a time', async () => {
    const loaded = await writer(0).load(STREAM, marketDecider);
    expect(loaded.revision).toBe(2_501n);
    expect(loaded.headHash).toBe('hash-2501');
    expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(fold(marketDecider, marketEvents(0, 2_502))));
    expect(loaded.state).toMatchObject({ verifiedUsers: 12_500, copiedUsers: 0 });
    expect(reads.map((read) => [read.fromRevision, read.maxCount])).toEqual([
      [0n, 1_000],
      [1_000n, 1_000],
      [2_000n, 1_000],
    ]);
  });

  it('reads on from its cached state, page after page, when many events came since', async () => {
    const cached = writer();
    await cached.load(STREAM, marketDecider);
    await append(2_502, 4_002);
    reads.length = 0;
    const loaded = await cached.load(STREAM, marketDecider);
    expect(loaded.revision).toBe(4_001n);
    expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(fold(marketDecider, marketEvents(0, 4_002))));
    expect(reads.map((read) => read.fromRevision)).toEqual([2_502n, 3_502n]);
  });

  it('drops its cached state when a later page cannot be read, so the next load does not fold events twice', async () => {
    // A batch failed before the cached revision and copied again in the first page read after it: folded twice,
    // the second copy would no longer see the failure (the batches are evolved in place) and keep it counted.
    const appendEvents = (from: number, events: MarketEvent[]) =>
      inner.append(
        STREAM,
        events.map((event, index) => ({
          id: `x-${from + index}`,
          type: event.type,
          data: { ...event.data },
          metadata: { hash: `hash-${from + index}` },
        })),
        { expectedRevision: BigInt(from - 1) },
      );
    const failed: MarketEvent = {
      type: 'BatchFailed',
      data: { ...ref, batchId: 'x', users: 10, attempt: 1, reason: 'checksum' },
    };
    const copiedAgain: MarketEvent = {
      type: 'BatchCopied',
      data: { ...ref, batchId: 'x', users: 10, attempt: 2 },
    };
    await appendEvents(2_502, [failed]);
    const cached = writer();
    await cached.load(STREAM, marketDecider);
    const later = [copiedAgain, ...marketEvents(2_504, 4_004)];
    await appendEvents(2_503, later);
    let failNextPage = true;
    const reading = store.readStream.bind(store);
    store.readStream = async (streamId: string, options: ReadStreamOptions) => {
      if (failNextPage && options.fromRevision === 3_503n) {
        failNextPage = false;
        throw new Error('connection lost');
      }
      return reading(streamId, options);
    };
    await expect(cached.load(STREAM, marketDecider)).rejects.toThrow('connection lost');
    const loaded = await cached.load(STREAM, marketDecider);
    const expected = fold(marketDecider, [...marketEvents(0, 2_502), failed, ...later]);
    expect(loaded.revision).toBe(4_003n);
    expect(loaded.state).toMatchObject({ failedBatches: 0 });
    expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(expected));
  });
});
