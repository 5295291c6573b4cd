import { join } from 'node:path';
import { programStreamId, marketStreamId } from '@app/domain';
import { SqliteEventStore, type EventToAppend } from '@app/event-store';
import { runChild } from '../support/child';
import type { Figure } from '../support/figures';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import type { WriteCacheReport, WriteCacheRequest } from './write-cache.child';
import {
  marketCode,
  marketEventData,
  marketStreamLength,
  programCreated,
  type MarketShape,
} from './write-cache.store';
import { DEFAULT_WRITE_CACHE_BYTES } from '../../apps/api/src/write/stream-state.cache';
import { heapLimitMbFor } from '../../apps/api/src/write/write-cache.budget';

/**
 * The writer's cache of folded market states, bounded in bytes (WRITE_CACHE_MB, default 256). On a generated,
 * read-only store of 10,000 markets x 4,000 batches (80M events, synthesised on read: see GeneratedMarketStore)
 * the real writer runs one command on every market, with the default budget: peak RSS of the process against
 * its RSS before (target: within the budget above it). Then command latency with a warm cache (markets still
 * cached) against a cold one (a writer keeping nothing: each command folds the market's whole stream), there
 * and on a real SQLite file of 100 markets x 4,000 batches. Each run is a process of its own, with the heap
 * limit the server's launcher (bin/start-api.sh) gives it for that budget, unless NODE_OPTIONS sets one; and
 * with --expose-gc, only to measure what the cache's entries retain once the peak was taken.
 */
const FULL = {
  generated: { markets: 10_000, batches: 4_000 },
  sqlite: { markets: 100, batches: 4_000 },
  samples: 400,
};
const QUICK = {
  generated: { markets: 1_000, batches: 400 },
  sqlite: { markets: 20, batches: 400 },
  samples: 100,
};
const PROGRAM_ID = 'bench-cache';
const CHILD_TIMEOUT_MS = 60 * 60_000;
const GENERATED = 'generated in memory (no disk)';
const MB = 2 ** 20;

/** The same markets as the generated store, appended to a real SQLite events file. */
async function fillSqlite(filename: string, shape: MarketShape, options: BenchOptions): Promise<void> {
  const store = new SqliteEventStore({ filename, durability: options.durability, readerThread: false });
  const metadata = { actor: 'bench', role: 'operator', schemaVersion: 1, hash: 'ab'.repeat(32) };
  const event = (streamId: string, revision: number, type: string, data: EventToAppend['data']) => ({
    id: `${streamId}-${revision}`,
    type,
    data,
    metadata,
  });
  try {
    const program = programStreamId(shape.programId);
    await store.append(program, [event(program, 0, 'ProgramCreated', programCreated(shape.programId))], {
      expectedRevision: 'no_stream',
    });
    const length = marketStreamLength(shape);
    for (let index = 0; index < shape.markets; index++) {
      const streamId = marketStreamId(shape.programId, marketCode(index));
      for (let first = 0; first < length; first += 2_000) {
        const events: EventToAppend[] = [];
        for (let revision = first; revision < Math.min(length, first + 2_000); revision++) {
          const [type, data] = marketEventData(shape, marketCode(index), revision);
          events.push(event(streamId, revision, type, data));
        }
        await store.append(streamId, events, {
          expectedRevision: first === 0 ? 'no_stream' : BigInt(first - 1),
        });
      }
    }
  } finally {
    await store.close();
  }
}

/** Node flags of a child: the server's heap limit for this budget (as bin/start-api.sh sets it), and gc. */
function nodeFlags(budgetBytes: number): string[] {
  const own = /--max[-_]old[-_]space[-_]size/.test(process.env.NODE_OPTIONS ?? '');
  return [...(own ? [] : [`--max-old-space-size=${heapLimitMbFor(budgetBytes / MB)}`]), '--expose-gc'];
}

function measure(request: WriteCacheRequest, label: string): Promise<WriteCacheReport> {
  const script = join(__dirname, 'write-cache.child');
  return runChild<WriteCacheReport>(script, request, label, CHILD_TIMEOUT_MS, nodeFlags(request.budgetBytes));
}

const describeShape = ({ markets, batches }: MarketShape) =>
  `${formatCount(markets)} markets x ${formatCount(batches)} batches`;

function latencyFigure(report: WriteCacheReport, shape: MarketShape, durability: string): Figure {
  return {
    part: 'write-cache',
    name: `command p99, cold cache (whole stream folded) vs warm, ${describeShape(shape)}`,
    durability,
    unit: 'ms',
    baseline: report.warmMs.p99,
    candidate: report.coldMs.p99,
    ratio: report.coldMs.p99 / report.warmMs.p99,
  };
}

/** What the cache's entries retain (after full collections) against what it says they weigh: the bound is real. */
function retainedFigure(report: WriteCacheReport, shape: MarketShape): Figure[] {
  if (report.cacheRetainedMb === undefined) return [];
  const weight = report.cacheBytes / MB;
  return [
    {
      part: 'write-cache',
      name: `heap + array buffers the cache's entries retain vs their weight, ${describeShape(shape)}`,
      durability: GENERATED,
      unit: 'MB',
      baseline: weight,
      candidate: report.cacheRetainedMb,
      ratio: report.cacheRetainedMb / weight,
    },
  ];
}

function print(label: string, shape: MarketShape, report: WriteCacheReport): void {
  const events = shape.markets * marketStreamLength(shape);
  const retained =
    report.cacheRetainedMb === undefined
      ? ''
      : `, its entries retain ${formatNumber(report.cacheRetainedMb)} MB`;
  console.log(
    `  ${label}, ${describeShape(shape)} (${formatCount(events)} events), heap limit ` +
      `${formatNumber(report.heapLimitMb)} MB: one command on every market in ` +
      `${formatNumber(report.touchMs / 1000)} s; cache ${formatNumber(report.cacheBytes / MB)} MB (budget ` +
      `${formatNumber(report.cacheBudget / MB)}) in ${formatCount(report.cacheEntries)} entries, ` +
      `${formatCount(report.evictions)} evictions${retained}; RSS ${formatNumber(report.baselineRssMb)} MB ` +
      `before, peak ${formatNumber(report.peakRssMb)} MB (while touching: heap total up to ` +
      `${formatNumber(report.touching.heapTotal)} MB, array buffers up to ${formatNumber(report.touching.arrayBuffers)} ` +
      `MB; then heap ${formatNumber(report.memory.heapUsed)} MB used of ${formatNumber(report.memory.heapTotal)}, ` +
      `array buffers ${formatNumber(report.memory.arrayBuffers)} MB); command p50/p99 warm ` +
      `${formatNumber(report.warmMs.p50)}/${formatNumber(report.warmMs.p99)} ms, cold ` +
      `${formatNumber(report.coldMs.p50)}/${formatNumber(report.coldMs.p99)} ms`,
  );
}

export async function writeCacheBench(options: BenchOptions): Promise<Figure[]> {
  const plan = options.quick ? QUICK : FULL;
  const budgetMb = DEFAULT_WRITE_CACHE_BYTES / MB;
  console.log(
    `\n== write-cache: the writer's folded states within WRITE_CACHE_MB=${budgetMb} (default); children run ` +
      `with ${nodeFlags(DEFAULT_WRITE_CACHE_BYTES).join(' ')}` +
      (process.env.NODE_OPTIONS ? ` and NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ''),
  );
  const dir = makeTempDir('write-cache');
  try {
    const generatedShape = { programId: PROGRAM_ID, ...plan.generated };
    const generated = await measure(
      {
        shape: generatedShape,
        store: 'generated',
        dir,
        budgetBytes: DEFAULT_WRITE_CACHE_BYTES,
        samples: plan.samples,
      },
      'write-cache-generated',
    );
    print('generated store', generatedShape, generated);
    const sqliteShape = { programId: PROGRAM_ID, ...plan.sqlite };
    const eventsFile = join(dir, 'events.sqlite');
    await fillSqlite(eventsFile, sqliteShape, options);
    const sqlite = await measure(
      {
        shape: sqliteShape,
        store: 'sqlite',
        eventsFile,
        dir,
        budgetBytes: DEFAULT_WRITE_CACHE_BYTES,
        samples: plan.samples,
      },
      'write-cache-sqlite',
    );
    print('SQLite store', sqliteShape, sqlite);
    return [
      {
        part: 'write-cache',
        name: `peak RSS after one command on each of ${describeShape(generatedShape)}, vs RSS before (target: + ${budgetMb} MB budget)`,
        durability: GENERATED,
        unit: 'MB',
        baseline: generated.baselineRssMb,
        candidate: generated.peakRssMb,
        ratio: generated.peakRssMb / generated.baselineRssMb,
        target: generated.baselineRssMb + budgetMb,
        targetKind: 'max',
        targetOn: 'candidate',
      },
      ...retainedFigure(generated, generatedShape),
      latencyFigure(generated, generatedShape, GENERATED),
      latencyFigure(sqlite, sqliteShape, durabilityLabel(options.durability)),
    ];
  } finally {
    removeTempDir(dir);
  }
}
