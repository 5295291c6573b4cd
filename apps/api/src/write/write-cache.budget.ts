import { getHeapStatistics } from 'node:v8';

const MIB = 1024 * 1024;

/**
 * V8 heap the server needs besides the write cache (read models' runner, as-of replays of small programs, audit streams, SSE
 * views, HTTP): measured at most 96-160 MB of heap limit under the heaviest of these (bench/README.md, Scale),
 * doubled. The launcher (bin/start-api.sh) gives node WRITE_CACHE_MB plus this as its old-space limit.
 */
export const SERVER_HEAP_MB = 256;

/** The V8 old-space limit (`--max-old-space-size`, MB) the launcher derives from WRITE_CACHE_MB. */
export const heapLimitMbFor = (writeCacheMb: number): number => writeCacheMb + SERVER_HEAP_MB;

/** This process's V8 heap limit in bytes (old space and young generation). */
export const heapLimitBytes = (): number => getHeapStatistics().heap_size_limit;

/**
 * What the write cache may hold in this process: its configured budget, or less when the heap limit leaves
 * less than that beside SERVER_HEAP_MB (an operator's own `--max-old-space-size`). Every cached byte is
 * counted as if it were on the heap (a market's packed batches are mostly array buffers outside it, a market
 * without batches is all heap), so that a full cache cannot run the process out of heap, however small the
 * limit: it evicts first.
 */
export function writeCacheBudget(configuredBytes: number, heapLimit = heapLimitBytes()): number {
  return Math.max(0, Math.min(configuredBytes, heapLimit - SERVER_HEAP_MB * MIB));
}
