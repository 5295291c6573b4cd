import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { projectionDatabasePath } from '@app/projections';
import { MERKLE_TREE_FILENAME } from '../../apps/api/src/audit/tree/merkle-tree.service';
import {
  describeAuditMemory,
  measureAuditMemory,
  type AuditMemoryFigure,
} from '../audit/audit-memory.measure';
import { verifyFigures, type VerifyFigures } from '../audit/verify.bench';
import { progressFigures } from '../read/progress-query.bench';
import {
  describeRun,
  everyModelFigure,
  runRebuild,
  servingName,
  type RunSample,
} from '../read/rebuild.bench';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog, type GeneratedLog } from '../support/generated-logs';
import type { BenchOptions } from '../support/options';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { bytesByTable, fileBytes } from './disk-usage';

/**
 * The same log at growing sizes (full run: 1M and 10M events), each generated once per run (or kept with
 * BENCH_LOG_DIR) and copied once into a data dir of this part, removed at its end:
 * - rebuild: a raw scan, a SHA-256 scan and a full rebuild (each a process of its own), timed when the read
 *   models that serve (all but the trailing as-of index) reach the head (the target) and when every one does
 *   (informative); the rebuild's read models are kept in the data dir, so the API below starts caught up;
 * - disk: bytes per event of the log and of each read model;
 * - the API on that data dir: GET /audit/verify (streamed) and GET /audit/bundle, each on an API process of
 *   its own, peak RSS of each and verification events/s against the SHA-256 scan; the Merkle tree cache's bytes;
 * - verify.bench.ts (offline, the bundle's format) on a log of that size: events/s against SHA-256 of the
 *   lines, peak RSS;
 * - at the largest size, the progress routes against a 10k-event log (progress-query.bench.ts).
 * Flat means: the figure at the largest size is at most FLAT times the one at the smallest.
 * BENCH_SCALE_SIZES=100000,1000000 chooses the sizes (a quick run has none unless given); BENCH_SCALE_SKIP
 * leaves steps out (above).
 */

const FULL_SIZES = [1_000_000, 10_000_000];
const FLAT = 1.2;
const RSS_BUDGET_MB = 512;
const RATE_TARGET = 0.5;
const PART = 'scale';
const READ_SIDE = 'read side WAL, synchronous=NORMAL (fixed)';
const MB = 2 ** 20;

interface SizeResult {
  events: number;
  raw: RunSample;
  hash: RunSample;
  rebuild: RunSample;
  audit: AuditMemoryFigure[];
  /** verify.bench.ts on a bundle-format log of this size (undefined when left out). */
  offline?: VerifyFigures;
  /** Bytes per event: the log, then each read model's tables (indexes included). */
  disk: Map<string, number>;
}

/** BENCH_SCALE_SKIP=verify,progress leaves out the offline verification and the progress routes. */
function skipped(step: 'verify' | 'progress', env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.BENCH_SCALE_SKIP ?? '').split(',').some((name) => name.trim() === step);
}

export function scaleSizes(options: BenchOptions, env: NodeJS.ProcessEnv = process.env): number[] {
  if (env.BENCH_SCALE_SIZES) {
    return env.BENCH_SCALE_SIZES.split(',').map((text) => {
      const size = Number(text.trim());
      if (!Number.isSafeInteger(size) || size < 10_000)
        throw new Error(`BENCH_SCALE_SIZES: "${text}" is no size (an integer >= 10000)`);
      return size;
    });
  }
  return options.quick ? [] : FULL_SIZES;
}

/** The figures of one size, in a data dir of its own (removed at the end); the progress routes at the largest. */
async function measureSize(
  log: GeneratedLog,
  options: BenchOptions,
  largest: boolean,
): Promise<{ size: SizeResult; progress: Figure[] }> {
  const dir = makeTempDir(`scale-${log.events}`);
  try {
    const size = await measureLog(log, options, dir);
    const progress = largest && !skipped('progress') ? await progressAt(log.events, options, dir) : [];
    return { size, progress };
  } finally {
    removeTempDir(dir);
  }
}

async function measureLog(log: GeneratedLog, options: BenchOptions, dir: string): Promise<SizeResult> {
  const label = (mode: string) => `scale-${mode}-${log.events}`;
  const raw = await runRebuild('raw', log, options, label('raw'));
  console.log(`   ${describeRun('raw scan', raw)}`);
  const hash = await runRebuild('hash', log, options, label('hash'));
  console.log(`   ${describeRun('SHA-256 scan', hash)}`);
  const projections = join(dir, 'rebuilt.sqlite');
  const rebuild = await runRebuild('rebuild', log, options, label('rebuild'), projections);
  console.log(`   ${describeRun('rebuild', rebuild)}`);
  const disk = new Map<string, number>([['log', fileBytes(log.filename) / log.events]]);
  for (const [table, bytes] of bytesByTable(projections)) disk.set(table, bytes / log.events);
  disk.set('read models, file', fileBytes(projections) / log.events);
  console.log(
    `   bytes per event: ${[...disk].map(([name, bytes]) => `${name} ${formatNumber(bytes)}`).join(', ')}`,
  );
  // One copy of the log, beside the read models the rebuild built: the API starts caught up.
  copyLogTo(log, dir);
  renameSync(projections, projectionDatabasePath(dir));
  const audit = await measureAuditMemory(dir, ['verify', 'bundle'], label('api'));
  for (const figure of audit) console.log(`   ${describeAuditMemory(log.events, figure)}`);
  // The API built its Merkle tree cache (the audit routes' proofs) beside the read models at start.
  disk.set('merkle tree, file', fileBytes(join(dir, MERKLE_TREE_FILENAME)) / log.events);
  console.log(`   bytes per event: merkle tree, file ${formatNumber(disk.get('merkle tree, file')!)}`);
  const offline = skipped('verify') ? undefined : await verifyFigures(PART, log.events, 1, false);
  return { events: log.events, raw, hash, rebuild, audit, disk, offline };
}

function progressAt(events: number, options: BenchOptions, dir: string): Promise<Figure[]> {
  return progressFigures(
    PART,
    options,
    { small: 10_000, large: events, rounds: 3, requests: 400, warmup: 100 },
    dir,
  );
}

const auditOf = (size: SizeResult, op: AuditMemoryFigure['op']): AuditMemoryFigure =>
  size.audit.find((figure) => figure.op === op)!;

function figuresOf(sizes: readonly SizeResult[]): Figure[] {
  const figures: Figure[] = [];
  for (const size of sizes) {
    const events = formatCount(size.events);
    const verify = auditOf(size, 'verify');
    figures.push(
      {
        part: PART,
        name: servingName(size.events),
        durability: READ_SIDE,
        unit: 'events/s',
        baseline: size.raw.value,
        candidate: size.rebuild.value,
        ratio: size.rebuild.value / size.raw.value,
        target: RATE_TARGET,
      },
      everyModelFigure(PART, size.events, [size.raw], [size.rebuild]),
      {
        part: PART,
        name: `rebuild ${events} events: peak RSS, raw scan vs rebuild`,
        durability: READ_SIDE,
        unit: 'MB',
        baseline: size.raw.report.peakRssMb,
        candidate: size.rebuild.report.peakRssMb,
        ratio: size.rebuild.report.peakRssMb / size.raw.report.peakRssMb,
        target: RSS_BUDGET_MB,
        targetKind: 'max',
        targetOn: 'candidate',
      },
      {
        // Informative: the API reads the log in slices and yields between them (GET /health stays fast).
        part: PART,
        name: `API GET /audit/verify of ${events} events vs SHA-256 scan of the log`,
        durability: 'reads the log',
        unit: 'events/s',
        baseline: size.hash.value,
        candidate: (size.events * 1000) / verify.totalMs,
        ratio: (size.events * 1000) / verify.totalMs / size.hash.value,
      },
      ...(size.offline?.figures ?? []),
    );
  }
  if (sizes.length < 2) return figures;
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const span = `${formatCount(first.events)} vs ${formatCount(last.events)} events`;
  const flat = (name: string, unit: string, baseline: number, candidate: number): Figure => ({
    part: PART,
    name: `${name}, ${span}`,
    durability: 'n/a',
    unit,
    baseline,
    candidate,
    ratio: candidate / baseline,
    target: FLAT,
    targetKind: 'max',
  });
  figures.push(
    flat('rebuild peak RSS', 'MB', first.rebuild.report.peakRssMb, last.rebuild.report.peakRssMb),
    flat('API verify peak RSS', 'MB', auditOf(first, 'verify').peak / MB, auditOf(last, 'verify').peak / MB),
    flat('API bundle peak RSS', 'MB', auditOf(first, 'bundle').peak / MB, auditOf(last, 'bundle').peak / MB),
  );
  if (first.offline && last.offline)
    figures.push(
      flat('offline verify peak RSS', 'MB', first.offline.verifyPeakMb, last.offline.verifyPeakMb),
    );
  for (const [name, bytes] of last.disk) {
    const before = first.disk.get(name);
    if (before === undefined || bytes < 0.5) continue;
    figures.push({
      part: PART,
      name: `disk bytes per event: ${name}, ${span}`,
      durability: 'n/a',
      unit: 'B',
      baseline: before,
      candidate: bytes,
      ratio: bytes / before,
    });
  }
  return figures;
}

export async function scaleBench(options: BenchOptions): Promise<Figure[]> {
  const sizes = scaleSizes(options);
  if (sizes.length === 0) {
    console.log('\n== scale: full run only (or BENCH_SCALE_SIZES=100000,1000000)');
    return [];
  }
  console.log(
    `\n== scale: ${sizes.map(formatCount).join(', ')} events: rebuild, disk, audit memory, progress`,
  );
  const results: SizeResult[] = [];
  const progress: Figure[] = [];
  for (const [index, events] of sizes.entries()) {
    console.log(` - ${formatCount(events)} events`);
    const measured = await measureSize(await generatedLog(events), options, index === sizes.length - 1);
    results.push(measured.size);
    progress.push(...measured.progress);
  }
  return [...figuresOf(results), ...progress];
}
