import { join } from 'node:path';
import { readModelProjections } from '@app/projections';
import { runChild } from '../support/child';
import type { Figure } from '../support/figures';
import { generatedLog, type GeneratedLog } from '../support/generated-logs';
import { type BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { median, perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import type { RebuildReport, RebuildRequest } from './rebuild.child';

/**
 * Full rebuild of every read model (readModelProjections) from a generated log (ProjectionRunner, fresh projections file: start,
 * waitForPosition(head), stop) against a raw better-sqlite3 scan of the same rows with JSON.parse of data and
 * metadata. Each run is a forked process of its own, so its peak RSS is the run's, not the loader's.
 */

const FULL = { events: 1_000_000, rounds: 3 };
const QUICK = { events: 100_000, rounds: 3 };
const RATE_TARGET = 0.5;
const RSS_BUDGET_MB = 512;
const CHILD_TIMEOUT_MS = 40 * 60_000;
/** The read side's durability is fixed by openProjectionDatabase; the log is only read. */
const DURABILITY = 'read side WAL, synchronous=NORMAL (fixed)';

export interface RunSample {
  value: number;
  report: RebuildReport;
}

/**
 * One run in a process of its own. The rebuild writes its read models to `projectionsFile` when given (kept
 * for the caller: the scale part serves them), else to a temp file removed after the run.
 */
export async function runRebuild(
  mode: RebuildRequest['mode'],
  log: GeneratedLog,
  options: BenchOptions,
  label: string,
  projectionsFile?: string,
): Promise<RunSample> {
  const dir = projectionsFile === undefined ? makeTempDir(`rebuild-${mode}`) : undefined;
  try {
    const report = await runChild<RebuildReport>(
      join(__dirname, 'rebuild.child'),
      {
        mode,
        eventsFile: log.filename,
        projectionsFile: projectionsFile ?? join(dir!, 'projections.sqlite'),
        head: String(log.head),
        durability: options.durability,
      } satisfies RebuildRequest,
      label,
      CHILD_TIMEOUT_MS,
    );
    if (report.problems.length > 0) throw new Error(`${mode} run: ${report.problems.slice(0, 3).join('; ')}`);
    if (report.events !== log.events)
      throw new Error(`${mode} run saw ${report.events} events, not ${log.events}`);
    const behind = report.checkpoints?.filter((entry) => !entry.endsWith(`=${log.head}`)) ?? [];
    if (behind.length > 0) throw new Error(`rebuild ended with checkpoints ${behind.join(', ')}`);
    return { value: perSecond(report.events, report.elapsedMs), report };
  } finally {
    if (dir !== undefined) removeTempDir(dir);
  }
}

export const describeRun = (label: string, sample: RunSample): string =>
  `${label} ${formatNumber(sample.value)} events/s (${formatNumber(sample.report.elapsedMs / 1000)} s, ` +
  `peak RSS ${formatNumber(sample.report.peakRssMb)} MB, ${formatNumber(sample.report.startRssMb)} MB after imports` +
  `${sample.report.readSide ? `, ${sample.report.readSide}` : ''})`;

export async function rebuildBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  console.log(
    `\n== rebuild: ${formatCount(budget.events)} events into readModelProjections (ProjectionRunner) vs raw scan + JSON.parse`,
  );
  const log = await generatedLog(budget.events);
  console.log(
    `   ${budget.rounds} rounds, baseline and candidate alternating; each run a fresh process` +
      `${process.env.BENCH_CPU_PROF ? ` (CPU profiles to ${process.env.BENCH_CPU_PROF}: slower runs)` : ''}`,
  );
  const comparison = await alternate(
    budget.rounds,
    (round) => runRebuild('raw', log, options, `rebuild-raw-${round + 1}`),
    (round) => runRebuild('rebuild', log, options, `rebuild-rebuild-${round + 1}`),
    (round, raw, rebuilt) =>
      console.log(`   round ${round + 1}: ${describeRun('raw', raw)} | ${describeRun('rebuild', rebuilt)}`),
  );
  const rawPeak = median(comparison.baseline.map((sample) => sample.report.peakRssMb));
  const rebuildPeak = Math.max(...comparison.candidate.map((sample) => sample.report.peakRssMb));
  return [
    {
      part: 'rebuild',
      name: `rebuild ${formatCount(budget.events)} events, ${readModelProjections.length} read models`,
      durability: DURABILITY,
      unit: 'events/s',
      baseline: comparison.medianBaseline,
      candidate: comparison.medianCandidate,
      ratio: comparison.ratio,
      target: RATE_TARGET,
    },
    {
      part: 'rebuild',
      name: 'peak RSS of the process: raw scan vs rebuild (worst round)',
      durability: DURABILITY,
      unit: 'MB',
      baseline: rawPeak,
      candidate: rebuildPeak,
      ratio: rebuildPeak / rawPeak,
      target: RSS_BUDGET_MB,
      targetKind: 'max',
      targetOn: 'candidate',
    },
  ];
}
