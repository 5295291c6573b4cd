import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_HEAP_MB } from './write-cache.budget';

const MIB = 1024 * 1024;
const ROOT = join(__dirname, '..', '..', '..', '..');
const CHILD = join(__dirname, 'testing', 'write-cache-heap.child.ts');

interface Report {
  budget: number;
  bytes: number;
  entries: number;
  evictions: number;
  retainedPerEntry: number;
}

/** Runs the child with these node flags; its exit status, its report (when it made one) and what it printed. */
function runChild(nodeFlags: string[], args: (string | number)[]) {
  const result = spawnSync(
    process.execPath,
    [...nodeFlags, '-r', '@swc-node/register', CHILD, ...args.map(String)],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  const report = result.status === 0 ? (JSON.parse(line) as Report) : undefined;
  return { status: result.status, signal: result.signal, report, output: result.stdout + result.stderr };
}

describe('the write cache under the V8 heap limit', () => {
  describe('when the heap limit leaves less than WRITE_CACHE_MB beside the rest of the server', () => {
    // 150,000 markets of one batch: ~2 KB of heap each, ~300 MB in all, more than the whole heap limit. A
    // cache held to WRITE_CACHE_MB=1024 would keep them all and the process would die out of heap.
    const oldSpaceMb = SERVER_HEAP_MB + 32;
    let run: ReturnType<typeof runChild>;
    beforeAll(() => {
      run = runChild([`--max-old-space-size=${oldSpaceMb}`], ['fill', 150_000, 1, 1024]);
    }, 150_000);

    it('keeps running: the cache evicts before the heap is full', () => {
      expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
      expect(run.report!.evictions).toBeGreaterThan(0);
      expect(run.report!.entries).toBeLessThan(150_000);
    });

    it('holds the cache to what the heap limit leaves beside SERVER_HEAP_MB, and stays within it', () => {
      const { budget, bytes } = run.report!;
      // The heap limit is the old space plus the young generation (V8 sizes it; a few tens of MB at most).
      expect(budget).toBeGreaterThanOrEqual((oldSpaceMb - SERVER_HEAP_MB) * MIB);
      expect(budget).toBeLessThan((oldSpaceMb - SERVER_HEAP_MB + 64) * MIB);
      expect(bytes).toBeLessThanOrEqual(budget);
      expect(bytes).toBeGreaterThan(budget / 2);
    });
  });

  describe('weighing its entries', () => {
    // What each entry weighs by the cache's estimate, against the heap and array buffers it keeps (after a
    // full collection), through the real writer: the budget means bytes the process really holds.
    it.each([
      [10_000, 1],
      [10_000, 10],
      [2_000, 100],
      [100, 4_000],
    ])('weighs %i markets of %i batches at what they retain, within -5% and +10%', (markets, batches) => {
      const run = runChild(['--expose-gc'], ['weigh', markets, batches, 4096]);
      expect(run.status).toBe(0);
      const { bytes, entries, retainedPerEntry } = run.report!;
      expect(entries).toBe(markets);
      expect(bytes / entries / retainedPerEntry).toBeGreaterThan(0.95);
      expect(bytes / entries / retainedPerEntry).toBeLessThan(1.1);
    });
  });
});
