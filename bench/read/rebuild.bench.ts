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
 * Full rebuild of every read model (readModelProjections) from a generated log (ProjectionRunner, fresh projections
 * file: start, waitForPosition(head), then the same with the trailing read models, stop) against a raw
 * better-sqlite3 scan of the same rows with JSON.parse of data and metadata. The target is on the first time:
 * the read models that serve (all but the trailing ones: the as-of index) at the head, when a new replica serves
 * live progress and read-your-writes; the time until every read model is there is printed as an informative
 * ratio. Each run is a forked process of its own, so its peak RSS is the run's, not the loader's.
 */

const FULL = { events: 1_000_000, rounds: 3 };
const QUICK = { events: 100_000, rounds: 3 };
const RATE_TARGET = 0.5;
const RSS_BUDGET_MB = 512;
const CHILD_TIMEOUT_MS = 40 * 60_000;
/** The read side's durability is fixed by openProjectionDatabase; the log is only read. */
const DURABILITY = 'read side WAL, synchronous=NORMAL (fixed)';

export interface RunSample {
  /** events/s: a scan's, or a rebuild's until the read models that serve reached the head. */
  value: number;
  /** A rebuild's events/s until every read model (the trailing ones included) reached the head. */
  all?: number;
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
    const all = report.allElapsedMs === undefined ? undefined : perSecond(report.events, report.allElapsedMs);
    return { value: perSecond(report.events, report.elapsedMs), all, report };
  } finally {
    if (dir !== undefined) removeTempDir(dir);
  }
}

/** e.g. "12,345 events/s (8.1 s, CPU 9.0 s = 90 µs an event)" */
const timed = (events: number, value: number, elapsedMs: number, cpuMs: number): string =>
  `${formatNumber(value)} events/s (${formatNumber(elapsedMs / 1000)} s, CPU ${formatNumber(cpuMs / 1000)} s = ` +
  `${formatNumber((cpuMs * 1000) / events)} µs an event)`;

/** One run: a scan's time, or a rebuild's until the read models that serve and until every one are at the head. */
export const describeRun = (label: string, sample: RunSample): string => {
  const { report } = sample;
  const serving = timed(report.events, sample.value, report.elapsedMs, report.cpuMs);
  const all =
    sample.all === undefined
      ? ''
      : ` serving; every model ${timed(report.events, sample.all, report.allElapsedMs!, report.allCpuMs!)}`;
  return (
    `${label} ${serving}${all}; peak RSS ${formatNumber(report.peakRssMb)} MB, ` +
    `${formatNumber(report.startRssMb)} MB after imports${report.readSide ? `, ${report.readSide}` : ''}`
  );
};

/** The figure of the time until every read model, the trailing ones included, reached the head (informative). */
export function everyModelFigure(
  part: string,
  events: number,
  raw: RunSample[],
  rebuilt: RunSample[],
): Figure {
  const ratios = rebuilt.map((sample, index) => sample.all! / raw[index].value);
  return {
    part,
    name: `rebuild ${formatCount(events)} events, every read model (${trailingNames()} included) vs raw scan`,
    durability: DURABILITY,
    unit: 'events/s',
    baseline: median(raw.map((sample) => sample.value)),
    candidate: median(rebuilt.map((sample) => sample.all!)),
    ratio: median(ratios),
  };
}

/** The figure with the target: the read models that serve (every one but the trailing ones) at the head. */
export const servingName = (events: number): string =>
  `rebuild ${formatCount(events)} events, read models that serve (all but ${trailingNames()}) vs raw scan`;

const trailingNames = (): string =>
  readModelProjections
    .filter((projection) => projection.trailing)
    .map((projection) => projection.name)
    .join(', ') || 'none trailing';

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
      name: servingName(budget.events),
      durability: DURABILITY,
      unit: 'events/s',
      baseline: comparison.medianBaseline,
      candidate: comparison.medianCandidate,
      ratio: comparison.ratio,
      target: RATE_TARGET,
    },
    everyModelFigure('rebuild', budget.events, comparison.baseline, comparison.candidate),
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
