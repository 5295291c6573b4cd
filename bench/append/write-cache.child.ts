import 'reflect-metadata';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { marketStreamId, programStreamId, type MarketCommand } from '@app/domain';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import { IdempotencyStore } from '../../apps/api/src/idempotency/idempotency.store';
import { IdempotentWrites } from '../../apps/api/src/idempotency/idempotent-writes';
import { AppMetrics } from '../../apps/api/src/metrics/metrics.registry';
import type { CommandContext } from '../../apps/api/src/write/command-context';
import { MarketWriter } from '../../apps/api/src/write/market-writer';
import type { StreamStateCache } from '../../apps/api/src/write/stream-state.cache';
import { StreamWriter } from '../../apps/api/src/write/stream-writer';
import { peakRssMb } from '../support/child';
import { percentile, sortedCopy } from '../support/stats';
import { now } from '../support/timing';
import { GeneratedMarketStore, marketCode, type MarketShape } from './write-cache.store';

/** One measurement in a process of its own, so that its peak RSS is its own. */
export interface WriteCacheRequest {
  shape: MarketShape;
  /** 'generated': GeneratedMarketStore; 'sqlite': the events file at `eventsFile`, filled beforehand. */
  store: 'generated' | 'sqlite';
  eventsFile?: string;
  /** Scratch directory (the writer's idempotency records: unused, no command has a key). */
  dir: string;
  budgetBytes: number;
  /** Commands timed with a warm cache, and as many with a cold one. */
  samples: number;
}

export interface WriteCacheReport {
  /** RSS once the store and the writers are up, before the first market is touched. */
  baselineRssMb: number;
  /** Peak RSS (getrusage maxRSS) after one command on every market. */
  peakRssMb: number;
  /** Where the memory is once every market was touched (MB): V8's heap, and array buffers outside it. */
  memory: { rss: number; heapTotal: number; heapUsed: number; arrayBuffers: number };
  /** The most the heap took (total, as V8 reserved it) and array buffers held while the markets were touched (MB). */
  touching: { heapTotal: number; arrayBuffers: number };
  /** This process's V8 heap limit (MB): old space (`--max-old-space-size`) and young generation. */
  heapLimitMb: number;
  /**
   * Heap and array buffers the warm writer's cache keeps, in MB: measured after full collections with its
   * entries, then once they were deleted (after the warm commands); undefined without --expose-gc.
   */
  cacheRetainedMb?: number;
  touchMs: number;
  cacheBudget: number;
  cacheBytes: number;
  cacheEntries: number;
  evictions: number;
  warmMs: { p50: number; p99: number };
  coldMs: { p50: number; p99: number };
}

const CONTEXT: CommandContext = { principal: { name: 'bench', role: 'operator' }, correlationId: 'bench' };
const copy = (batchId: string): MarketCommand => ({ type: 'RecordBatchCopied', data: { batchId, users: 1 } });

/** A writer as the app makes it (StreamWriter + MarketWriter), with its own metrics registry and cache budget. */
function writerOn(store: EventStore, dir: string, label: string, budgetBytes: number) {
  const clock = () => new Date();
  const idempotency = new IdempotencyStore(join(dir, `idempotency-${label}.sqlite`));
  const metrics = new AppMetrics();
  const streams = new StreamWriter(store, clock, metrics, new IdempotentWrites(idempotency, clock), {
    writeCacheBytes: budgetBytes,
  });
  return { markets: new MarketWriter(streams), streams, metrics, close: () => idempotency.close() };
}

/** The writer's cache, private to it: reached here only to empty it and see what its entries retained. */
const cacheOf = (streams: StreamWriter): StreamStateCache =>
  (streams as unknown as { cache: StreamStateCache }).cache;

async function gauge(metrics: AppMetrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? 0;
}

/** Times `count` commands, the n-th on `market(n)`; p50 and p99 in ms. */
async function timed(
  writer: MarketWriter,
  programId: string,
  count: number,
  market: (n: number) => string,
  batch: (n: number) => string,
): Promise<{ p50: number; p99: number }> {
  const times = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const started = now();
    await writer.execute(programId, market(n), copy(batch(n)), CONTEXT);
    times[n] = now() - started;
  }
  const sorted = sortedCopy(times);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const MB = 2 ** 20;

/** Heap used and array buffers after full collections, in MB; undefined when gc is not exposed. */
function retainedMb(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  for (let round = 0; round < 3; round++) gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / MB;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as WriteCacheRequest;
  const { shape, samples } = request;
  const store: EventStore =
    request.store === 'generated'
      ? new GeneratedMarketStore(shape)
      : new SqliteEventStore({ filename: request.eventsFile!, readerThread: false });
  const kept = writerOn(store, request.dir, 'kept', request.budgetBytes);
  // Every market evicted: a writer that keeps nothing folds each market's whole stream on each command.
  const none = writerOn(store, request.dir, 'none', 0);
  try {
    await kept.markets.requireProgram(shape.programId);
    const baselineRssMb = process.memoryUsage().rss / MB;
    const touching = { heapTotal: 0, arrayBuffers: 0 };
    const started = now();
    for (let index = 0; index < shape.markets; index++) {
      await kept.markets.execute(shape.programId, marketCode(index), copy('touched'), CONTEXT);
      if (index % 10 === 0) {
        const { heapTotal, arrayBuffers } = process.memoryUsage();
        touching.heapTotal = Math.max(touching.heapTotal, heapTotal / MB);
        touching.arrayBuffers = Math.max(touching.arrayBuffers, arrayBuffers / MB);
      }
    }
    const touchMs = now() - started;
    const peak = peakRssMb();
    const usage = process.memoryUsage();
    const memory = {
      rss: usage.rss / MB,
      heapTotal: usage.heapTotal / MB,
      heapUsed: usage.heapUsed / MB,
      arrayBuffers: usage.arrayBuffers / MB,
    };
    const [cacheBudget, cacheBytes, cacheEntries, evictions] = await Promise.all(
      ['budget_bytes', 'bytes', 'entries', 'evictions_total'].map((name) =>
        gauge(kept.metrics, `tracker_write_cache_${name}`),
      ),
    );
    // Warm: the markets touched last, still cached (the budget holds at least a few hundred of them).
    const recent = Math.max(1, Math.min(shape.markets, Math.max(1, cacheEntries - 1), 200));
    const warmMs = await timed(
      kept.markets,
      shape.programId,
      samples,
      (n) => marketCode(shape.markets - 1 - (n % recent)),
      (n) => `warm-${n}`,
    );
    // What the warm writer's cache holds: retained with its entries, then once they are deleted.
    const withEntries = retainedMb();
    const cache = cacheOf(kept.streams);
    cache.delete(programStreamId(shape.programId));
    for (let index = 0; index < shape.markets; index++) {
      cache.delete(marketStreamId(shape.programId, marketCode(index)));
    }
    const withoutEntries = retainedMb();
    const coldMs = await timed(
      none.markets,
      shape.programId,
      samples,
      (n) => marketCode(n % shape.markets),
      (n) => `cold-${n}`,
    );
    const report: WriteCacheReport = {
      baselineRssMb,
      peakRssMb: peak,
      memory,
      touching,
      heapLimitMb: getHeapStatistics().heap_size_limit / MB,
      cacheRetainedMb:
        withEntries === undefined || withoutEntries === undefined ? undefined : withEntries - withoutEntries,
      touchMs,
      cacheBudget,
      cacheBytes,
      cacheEntries,
      evictions,
      warmMs,
      coldMs,
    };
    process.send?.(report);
  } finally {
    kept.close();
    none.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
