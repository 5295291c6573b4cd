import { fork } from 'node:child_process';
import { extname, join } from 'node:path';
import type { Figure } from '../support/figures';
import { generatedLog, type GeneratedLog } from '../support/generated-logs';
import { type BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { median, perSecond } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import type { RebuildReport, RebuildRequest } from './rebuild.child';

/**
 * Full rebuild of the four read models from a generated log (ProjectionRunner, fresh projections file: start,
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

interface RunSample {
  value: number;
  report: RebuildReport;
}

/** Runs one child; BENCH_CPU_PROF=<dir> makes it write a CPU profile there (and run slower). */
function runChild(request: RebuildRequest, label: string): Promise<RebuildReport> {
  const execArgv = process.execArgv.includes('@swc-node/register')
    ? [...process.execArgv]
    : [...process.execArgv, '-r', '@swc-node/register'];
  const profileDir = process.env.BENCH_CPU_PROF;
  if (profileDir)
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label}.cpuprofile`);
  const child = fork(join(__dirname, `rebuild.child${extname(__filename)}`), [JSON.stringify(request)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<RebuildReport>((resolve, reject) => {
    let report: RebuildReport | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('message', (message: RebuildReport) => (report = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (report && code === 0) resolve(report);
      else reject(new Error(`${label} child ended (code ${code}, signal ${signal}) without a report`));
    });
  });
}

async function run(
  mode: RebuildRequest['mode'],
  log: GeneratedLog,
  options: BenchOptions,
  round: number,
): Promise<RunSample> {
  const dir = makeTempDir(`rebuild-${mode}`);
  try {
    const report = await runChild(
      {
        mode,
        eventsFile: log.filename,
        projectionsFile: join(dir, 'projections.sqlite'),
        head: String(log.head),
        durability: options.durability,
      },
      `rebuild-${mode}-${round + 1}`,
    );
    if (report.problems.length > 0) throw new Error(`${mode} run: ${report.problems.slice(0, 3).join('; ')}`);
    if (report.events !== log.events)
      throw new Error(`${mode} run saw ${report.events} events, not ${log.events}`);
    const behind = report.checkpoints?.filter((entry) => !entry.endsWith(`=${log.head}`)) ?? [];
    if (behind.length > 0) throw new Error(`rebuild ended with checkpoints ${behind.join(', ')}`);
    return { value: perSecond(report.events, report.elapsedMs), report };
  } finally {
    removeTempDir(dir);
  }
}

const describe = (label: string, sample: RunSample): string =>
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
    (round) => run('raw', log, options, round),
    (round) => run('rebuild', log, options, round),
    (round, raw, rebuilt) =>
      console.log(`   round ${round + 1}: ${describe('raw', raw)} | ${describe('rebuild', rebuilt)}`),
  );
  const rawPeak = median(comparison.baseline.map((sample) => sample.report.peakRssMb));
  const rebuildPeak = Math.max(...comparison.candidate.map((sample) => sample.report.peakRssMb));
  return [
    {
      part: 'rebuild',
      name: `rebuild ${formatCount(budget.events)} events, 4 read models`,
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
