/**
 * Child process of the write cache's heap specs (write-cache.heap.spec.ts), so that each runs under the heap
 * limit and flags it was started with. Prints one JSON line with what it found.
 *
 * `fill <markets> <batches> <writeCacheMb>`: the real writer loads `markets` markets of `batches` batches each
 * (every one a cache entry, folded from an in-memory store), then reports its cache's budget and weight.
 * `weigh <markets> <batches>` (with --expose-gc): the same, then the heap and array buffers retained per entry
 * after a full collection, against the cache's weight per entry.
 */
import 'reflect-metadata';
import { marketDecider, marketStreamId } from '@app/domain';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '@app/event-store';
import type { IdempotentWrites } from '../../idempotency/idempotent-writes';
import { AppMetrics } from '../../metrics/metrics.registry';
import { StreamWriter } from '../stream-writer';

const MIB = 1024 * 1024;
const PROGRAM = 'heap-spec';
const HASH = 'ab'.repeat(32);

/** Revision `revision` of a market stream: enrolled, started, then each batch copied. */
function event(streamId: string, market: string, revision: number): RecordedEvent {
  const ref = `"programId":"${PROGRAM}","market":"${market}"`;
  const batch = `${market}-batch-${String(revision - 2).padStart(5, '0')}`;
  const [type, json] =
    revision === 0
      ? ['MarketEnrolled', `{${ref},"targetRegion":"us-east","usersInScope":1000000000}`]
      : revision === 1
        ? ['MigrationStarted', `{${ref}}`]
        : ['BatchCopied', `{${ref},"batchId":"${batch}","users":100,"attempt":1}`];
  return {
    id: `${streamId}-${revision}`,
    streamId,
    revision: BigInt(revision),
    position: BigInt(revision),
    type,
    // Parsed from text, as a store hands data over: each event's strings are its own.
    data: JSON.parse(json) as RecordedEvent['data'],
    metadata: JSON.parse(`{"hash":"${HASH}"}`) as RecordedEvent['metadata'],
    recordedAt: '2014-03-01T00:00:00.000Z',
  };
}

/** Read-only streams of `2 + batches` events per market, synthesised on read. */
function marketsStore(batches: number): EventStore {
  return {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) => {
      const market = streamId.slice(streamId.lastIndexOf('-') + 1);
      const events: RecordedEvent[] = [];
      const end = Math.min(2 + batches, Number(options.fromRevision ?? 0n) + (options.maxCount ?? Infinity));
      for (let revision = Number(options.fromRevision ?? 0n); revision < end; revision++) {
        events.push(event(streamId, market, revision));
      }
      return events;
    },
  } as Partial<EventStore> as EventStore;
}

async function gauge(metrics: AppMetrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(`tracker_write_cache_${name}`)?.get();
  return metric?.values[0]?.value ?? 0;
}

function retainedAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('weigh needs node --expose-gc');
  for (let round = 0; round < 3; round++) gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function main(): Promise<void> {
  const [mode, markets, batches, writeCacheMb] = [process.argv[2], ...process.argv.slice(3).map(Number)];
  const metrics = new AppMetrics();
  const clock = () => new Date('2014-06-01T00:00:00Z');
  // No command here has an Idempotency-Key: the writer never calls it.
  const writer = new StreamWriter(marketsStore(batches), clock, metrics, {} as IdempotentWrites, {
    writeCacheBytes: (writeCacheMb || 1024) * MIB,
  });
  const before = mode === 'weigh' ? retainedAfterGc() : 0;
  for (let index = 0; index < markets; index++) {
    const streamId = marketStreamId(PROGRAM, `M${String(index).padStart(6, '0')}`);
    await writer.load(streamId, marketDecider);
  }
  const [budget, bytes, entries, evictions] = await Promise.all(
    ['budget_bytes', 'bytes', 'entries', 'evictions_total'].map((name) => gauge(metrics, name)),
  );
  const report = { budget, bytes, entries, evictions, heapUsed: process.memoryUsage().heapUsed };
  const retained = mode === 'weigh' ? retainedAfterGc() - before : 0;
  process.stdout.write(`${JSON.stringify({ ...report, retainedPerEntry: retained / entries })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
