import type { Figure } from '../support/figures';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { MARKETS } from '../support/payloads';
import { alternate } from '../support/rounds';
import { percentile, perSecond, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { AUTH_HEADERS, batchPath, setUpProgram, startApi, type ApiServer } from './api.server';
import { startBareServer, type BareServer } from './bare-fastify.server';
import { LoadGenerator, type ClientJob, type LoadResult } from './http-load';

/**
 * 16 keep-alive clients, one per market, each POSTing `.../batches/<id>/verified` for distinct pre-copied
 * batches: the real API (createApp) against a bare Fastify route doing one similar insert per request.
 */

interface Budget {
  rounds: number;
  /** Requests per client before the measured rounds (per server). */
  warmupPerClient: number;
  /** Cap on requests per client in one run (the pre-copied batches one run may use). */
  perClientPerRun: number;
  durationMs: number;
}

const FULL_BUDGET: Budget = { rounds: 3, warmupPerClient: 40, perClientPerRun: 400, durationMs: 3000 };
const QUICK_BUDGET: Budget = { rounds: 3, warmupPerClient: 15, perClientPerRun: 100, durationMs: 700 };
const TIMEOUT_MS = 10_000;
const PRECOPY_LIMIT_MS = 10 * 60_000;
const TARGET = 0.35;

interface HttpSample {
  value: number;
  result: LoadResult;
  appendsPerCommit?: number;
}

/** Hands out batch ids per market, each once, in order. */
class BatchIds {
  private next = 0;

  take(count: number, step: 'copied' | 'verified'): ClientJob[] {
    const first = this.next;
    this.next += count;
    return MARKETS.map((market) => ({
      paths: Array.from({ length: count }, (_, index) =>
        batchPath(market, `${market}-${String(first + index).padStart(6, '0')}`, step),
      ),
    }));
  }
}

function check(result: LoadResult, what: string): void {
  if (result.failed > 0) {
    throw new Error(
      `${what}: ${result.failed} requests failed (${JSON.stringify(result.statuses)}); first: ${result.firstFailure}`,
    );
  }
}

const describe = (label: string, sample: HttpSample): string => {
  const sorted = sortedCopy(sample.result.latencies);
  const commits =
    sample.appendsPerCommit === undefined ? '' : `, ${sample.appendsPerCommit.toFixed(1)} appends/commit`;
  return (
    `${label} ${formatNumber(sample.value)} req/s (${formatCount(sample.result.completed)} req, ` +
    `p50 ${formatNumber(percentile(sorted, 50))} ms, p99 ${formatNumber(percentile(sorted, 99))} ms${commits})`
  );
};

export async function httpCommandsBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK_BUDGET : FULL_BUDGET;
  const durability = durabilityLabel(options.durability);
  const apiDir = makeTempDir('api');
  const bareDir = makeTempDir('bare');
  const load = new LoadGenerator();
  let api: ApiServer | undefined;
  let bare: BareServer | undefined;
  try {
    const apiServer = (api = await startApi(apiDir, options.durability));
    const bareServer = (bare = await startBareServer(bareDir, options.durability));
    console.log(
      `\n== http-commands: POST .../batches/:id/verified, real API vs bare Fastify + SQLite (${durability})`,
    );
    console.log(
      `   API ${api.mode} at ${api.origin}; bare ${bare.mode} at ${bare.origin}; ${MARKETS.length} keep-alive clients`,
    );
    const job = { body: '{}', headers: AUTH_HEADERS, timeoutMs: TIMEOUT_MS };
    const apiIds = new BatchIds();
    const bareIds = new BatchIds();

    await setUpProgram(api.origin);
    const perClient = budget.warmupPerClient + budget.rounds * budget.perClientPerRun;
    const precopy = await load.run({
      ...job,
      body: '{"users":1000}',
      origin: api.origin,
      clients: new BatchIds().take(perClient, 'copied'),
      durationMs: PRECOPY_LIMIT_MS,
    });
    check(precopy, 'pre-copying batches');
    if (precopy.completed !== perClient * MARKETS.length)
      throw new Error('pre-copying batches ran out of time');
    console.log(
      `   set-up: 1 program, ${MARKETS.length} markets started, ${formatCount(precopy.completed)} batches copied ` +
        `(${formatNumber(perSecond(precopy.completed, precopy.elapsedMs))} req/s); each market holds ${perClient} ` +
        'copied batches (market state grows with them, so runs of different sizes are not comparable)',
    );

    const runApi = async (count: number, durationMs: number): Promise<HttpSample> => {
      const before = apiServer.stats();
      const result = await load.run({
        ...job,
        origin: apiServer.origin,
        clients: apiIds.take(count, 'verified'),
        durationMs,
      });
      check(result, 'API run');
      const after = apiServer.stats();
      const appendsPerCommit =
        before && after
          ? (after.appends - before.appends) / Math.max(1, after.commits - before.commits)
          : undefined;
      return { value: perSecond(result.completed, result.elapsedMs), result, appendsPerCommit };
    };
    const runBare = async (count: number, durationMs: number): Promise<HttpSample> => {
      const result = await load.run({
        ...job,
        origin: bareServer.origin,
        clients: bareIds.take(count, 'verified'),
        durationMs,
      });
      check(result, 'bare run');
      return { value: perSecond(result.completed, result.elapsedMs), result };
    };

    await runBare(budget.warmupPerClient, budget.durationMs);
    await runApi(budget.warmupPerClient, budget.durationMs);
    console.log(
      `   ${budget.rounds} rounds of up to ${budget.durationMs} ms / ${budget.perClientPerRun} requests per client, after a warm-up`,
    );
    const comparison = await alternate(
      budget.rounds,
      () => runBare(budget.perClientPerRun, budget.durationMs),
      () => runApi(budget.perClientPerRun, budget.durationMs),
      (round, b, c) => console.log(`   round ${round + 1}: ${describe('bare', b)} | ${describe('API', c)}`),
    );

    const pooled = (samples: HttpSample[]): Float64Array =>
      sortedCopy(samples.flatMap((sample) => Array.from(sample.result.latencies)));
    const bareLatencies = pooled(comparison.baseline);
    const apiLatencies = pooled(comparison.candidate);
    const figure = (
      name: string,
      unit: string,
      baseline: number,
      candidate: number,
      target?: number,
    ): Figure => ({
      part: 'http-commands',
      name,
      durability,
      unit,
      baseline,
      candidate,
      ratio: target === undefined ? candidate / baseline : comparison.ratio,
      target,
    });
    return [
      figure(
        '16 clients POST verified',
        'req/s',
        comparison.medianBaseline,
        comparison.medianCandidate,
        TARGET,
      ),
      ...[50, 99].map((p) =>
        figure(`p${p} latency, all rounds`, 'ms', percentile(bareLatencies, p), percentile(apiLatencies, p)),
      ),
    ];
  } finally {
    await api?.close();
    await bare?.close();
    await load.close();
    removeTempDir(apiDir);
    removeTempDir(bareDir);
  }
}
