import { AS_OF, summarizeProgram, TARGET_PROGRAM } from '../support/event-generator';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog, type GeneratedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { median, percentile, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';
import { GetClient, ShiftedClock } from './http-get';
import { startReadApi, VIEWER_HEADERS, waitForReadModels, type ReadApi } from './read-api.server';

/**
 * GET latency of the progress routes for the same target program in a small log and in a large one (the rest
 * is other programs): the real API on each log, read models caught up, N sequential requests from a worker
 * thread per run, the two servers alternating. Per-program reads should not grow with the log.
 */

export interface ProgressBudget {
  small: number;
  large: number;
  rounds: number;
  requests: number;
  warmup: number;
}

const FULL: ProgressBudget = { small: 10_000, large: 1_000_000, rounds: 5, requests: 400, warmup: 100 };
const QUICK: ProgressBudget = { small: 10_000, large: 100_000, rounds: 3, requests: 100, warmup: 20 };
const TARGET = 1.5;
/** The market with the longest history of the target program: the costliest forecast. */
const MARKET = 'ID';
/** Moving "now" by more than 1% of a day changes the forecast's cache key (firstDayShare to 2 decimals). */
const STEP_MS = 15 * 60_000;
const CATCH_UP_LIMIT_MS = 30 * 60_000;

interface Server {
  label: string;
  log: GeneratedLog;
  /** The temp dir this bench made (removed at the end); undefined on a caller's data dir. */
  dir: string | undefined;
  api: ReadApi;
  clock: ShiftedClock;
  /** Clock ticks used so far by forecast-cold runs: each run moves on to ticks no run used before. */
  coldTicks: number;
}

interface Route {
  name: string;
  path: string;
  /** Move the server clock before each request, so that every forecast is computed afresh. */
  cold: boolean;
}

interface LatencySample {
  value: number;
  p50: number;
  bytes: number;
}

const ROUTES: Route[] = [
  { name: 'GET /programs/:p/progress', path: `/programs/${TARGET_PROGRAM}/progress`, cold: false },
  {
    name: 'GET .../markets/:m/progress, forecast cached',
    path: `/programs/${TARGET_PROGRAM}/markets/${MARKET}/progress`,
    cold: false,
  },
  {
    name: 'GET .../markets/:m/progress, forecast cold',
    path: `/programs/${TARGET_PROGRAM}/markets/${MARKET}/progress`,
    cold: true,
  },
];

/** The read models must tell what the generator wrote, in both logs alike. */
function checkTarget(body: any, label: string): void {
  const expected = summarizeProgram(0);
  const verified = expected.markets.reduce((sum, market) => sum + market.verifiedUsers, 0);
  const phases = expected.markets
    .map((market) => `${market.market}:${market.phase}`)
    .sort()
    .join(' ');
  const actual = (body.markets as any[])
    .map((market) => `${market.market}:${market.phase}`)
    .sort()
    .join(' ');
  if (body.totals?.verifiedUsers !== verified || actual !== phases) {
    throw new Error(
      `${label}: ${TARGET_PROGRAM} reads ${body.totals?.verifiedUsers} verified (${actual}), expected ${verified} (${phases})`,
    );
  }
}

/**
 * The API on a copy of the `events`-event log, or on `prepared` (a data dir holding the log and, if the
 * caller has them, its read models: owned and removed by the caller).
 */
async function startServer(
  events: number,
  options: BenchOptions,
  servers: Server[],
  prepared?: string,
): Promise<void> {
  const log = await generatedLog(events);
  const label = `${formatCount(events)}-event log`;
  const dir = prepared ?? makeTempDir(`read-api-${events}`);
  if (prepared === undefined) copyLogTo(log, dir);
  const clock = new ShiftedClock(AS_OF, STEP_MS);
  const started = now();
  const api = await startReadApi(dir, options.durability, clock.now);
  servers.push({ label, log, dir: prepared === undefined ? dir : undefined, api, clock, coldTicks: 0 });
  const body = await waitForReadModels(api.origin, ROUTES[0].path, log.head, CATCH_UP_LIMIT_MS);
  const seconds = (now() - started) / 1000;
  checkTarget(body, label);
  console.log(
    `   ${label}: API ${api.mode} at ${api.origin}; app start + projections caught up in ${formatNumber(seconds)} s ` +
      `(${formatNumber(events / seconds)} events/s${prepared === undefined ? '' : ', read models built before'}); ` +
      `${TARGET_PROGRAM}: ${body.markets.length} markets, ${formatCount(body.totals.verifiedUsers)} users verified`,
  );
}

async function measure(
  client: GetClient,
  server: Server,
  route: Route,
  count: number,
): Promise<LatencySample> {
  server.clock.reset();
  const clock = route.cold ? { ticks: server.clock.ticks, first: server.coldTicks + 1 } : undefined;
  if (route.cold) server.coldTicks += count;
  const result = await client.run({
    origin: server.api.origin,
    paths: new Array<string>(count).fill(route.path),
    headers: VIEWER_HEADERS,
    timeoutMs: 30_000,
    clock,
  });
  server.clock.reset();
  if (result.failed > 0)
    throw new Error(
      `${route.name} on ${server.label}: ${result.failed} failed; first: ${result.firstFailure}`,
    );
  const sorted = sortedCopy(result.latencies);
  return { value: percentile(sorted, 99), p50: percentile(sorted, 50), bytes: result.lastBytes };
}

const describe = (sample: LatencySample): string =>
  `p50 ${formatNumber(sample.p50)} ms, p99 ${formatNumber(sample.value)} ms`;

export function progressQueryBench(options: BenchOptions): Promise<Figure[]> {
  return progressFigures('progress-query', options, options.quick ? QUICK : FULL);
}

/**
 * The figures of `budget.large` against `budget.small` events; `preparedLarge` is a data dir holding the large
 * log and its read models (the scale part's, which built them in its rebuild), else the log is copied.
 */
export async function progressFigures(
  part: string,
  options: BenchOptions,
  budget: ProgressBudget,
  preparedLarge?: string,
): Promise<Figure[]> {
  const durability = `${durabilityLabel(options.durability)} (log), NORMAL (read side)`;
  console.log(
    `\n== ${part}: the same program in a ${formatCount(budget.small)}- and a ${formatCount(budget.large)}-event log, real API`,
  );
  console.log(
    `   server clock at ${AS_OF}; forecast cold = clock moved ${STEP_MS / 60_000} min before each request`,
  );
  const client = new GetClient();
  const servers: Server[] = [];
  const figures: Figure[] = [];
  try {
    await startServer(budget.small, options, servers);
    await startServer(budget.large, options, servers, preparedLarge);
    const [small, large] = servers;
    console.log(
      `   per route: ${budget.warmup} warm-up requests per server, then ${budget.rounds} rounds of ${budget.requests} ` +
        'sequential requests per server (one keep-alive connection, client in a worker thread)',
    );
    for (const route of ROUTES) {
      let bytes = 0;
      for (const server of servers) bytes = (await measure(client, server, route, budget.warmup)).bytes;
      console.log(` - ${route.name} (${formatCount(bytes)} B answers)`);
      const comparison = await alternate(
        budget.rounds,
        () => measure(client, small, route, budget.requests),
        () => measure(client, large, route, budget.requests),
        (round, b, c) =>
          console.log(`   round ${round + 1}: ${small.label} ${describe(b)} | ${large.label} ${describe(c)}`),
      );
      const p50Ratio = median(comparison.baseline.map((b, index) => comparison.candidate[index].p50 / b.p50));
      const figure = (
        name: string,
        baseline: number,
        candidate: number,
        ratio: number,
        target?: number,
      ): Figure => ({
        part,
        name: `${route.name}: ${name}, ${formatCount(budget.large)} vs ${formatCount(budget.small)} events`,
        durability,
        unit: 'ms',
        baseline,
        candidate,
        ratio,
        ...(target === undefined ? {} : { target, targetKind: 'max' as const }),
      });
      figures.push(
        figure(
          'p50',
          median(comparison.baseline.map((s) => s.p50)),
          median(comparison.candidate.map((s) => s.p50)),
          p50Ratio,
        ),
        figure('p99', comparison.medianBaseline, comparison.medianCandidate, comparison.ratio, TARGET),
      );
    }
    return figures;
  } finally {
    await client.close();
    for (const server of servers) {
      await server.api.close();
      if (server.dir !== undefined) removeTempDir(server.dir);
    }
  }
}
