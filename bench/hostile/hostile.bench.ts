import { AS_OF, summarizeProgram, TARGET_PROGRAM } from '../support/event-generator';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { median, percentile, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now, sleep } from '../support/timing';
import { listenApi, type BenchApi } from '../support/bench-api';
import { GetClient } from '../read/http-get';
import { waitForReadModels } from '../read/read-api.server';
import { HostileLoad, type HostileResult } from './hostile-load';

/**
 * `/health` and live progress while hostile clients hammer the costly reads: the real API on one program long
 * enough that an uncached as-of replay takes tens of ms. Baseline: the same sequential probe requests on the
 * idle server; candidate: the same while 16 clients send as-of progress (program and market, both bases),
 * diffs and live progress, each at instants never asked before, the next request as soon as the last is
 * answered (then 48, more than the replay queue holds: informative). The costly-route rate limit is raised out
 * of the way: the replay limiter itself is measured.
 */

const FULL = { rounds: 3, probes: 500, warmupMs: 2_000 };
const QUICK = { rounds: 2, probes: 200, warmupMs: 1_000 };
/** One program of this many events (the generator's 2014 reference program, with more, smaller batches). */
const PROGRAM_EVENTS = 20_000;
/**
 * 16 clients, the target: they never fill the default queue of 32, so they wait for their turn. 48 overflow it:
 * about 15 at a time get 503s (held AS_OF_REFUSAL_DELAY_MS) and come straight back, whatever Retry-After says.
 */
const SCENARIOS = [
  { clients: 16, target: 5 },
  { clients: 48, target: undefined },
];
const MARKETS = ['IN', 'HK', 'ID', 'MY', 'PH', 'SG', 'TW'];
const VIEWER_KEY = 'bench-viewer-key-0001';
const AUDITOR_KEY = 'bench-auditor-key-0001';
const HEALTH = '/health';
const LIVE = `/programs/${TARGET_PROGRAM}/progress`;
/** The span hostile instants are drawn from: the whole program, from its creation to its deadline. */
const SPAN = { from: Date.parse('2014-01-15T00:00:00+08:00'), to: Date.parse('2014-10-31T23:59:59+08:00') };

interface ProbeSample {
  /** /health p99, ms: the figure the target is on. */
  value: number;
  healthP50: number;
  liveP99: number;
  liveP50: number;
  hostile?: HostileResult;
}

/** The probe: /health and live progress alternately, sequential, one keep-alive connection. */
async function probe(client: GetClient, api: BenchApi, count: number): Promise<Omit<ProbeSample, 'hostile'>> {
  const paths = Array.from({ length: 2 * count }, (_, i) => (i % 2 === 0 ? HEALTH : LIVE));
  const result = await client.run({
    origin: api.origin,
    paths,
    headers: { authorization: `Bearer ${VIEWER_KEY}` },
    timeoutMs: 30_000,
  });
  if (result.failed > 0) throw new Error(`probe: ${result.failed} failed; first: ${result.firstFailure}`);
  const health = sortedCopy(result.latencies.filter((_, i) => i % 2 === 0));
  const live = sortedCopy(result.latencies.filter((_, i) => i % 2 === 1));
  return {
    value: percentile(health, 99),
    healthP50: percentile(health, 50),
    liveP99: percentile(live, 99),
    liveP50: percentile(live, 50),
  };
}

/** The probe while the hostile clients run (started `warmupMs` before it, stopped after it). */
async function underLoad(
  client: GetClient,
  hostile: HostileLoad,
  api: BenchApi,
  clients: number,
  count: number,
  warmupMs: number,
  seed: number,
): Promise<ProbeSample> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const load = hostile.run({
    origin: api.origin,
    clients,
    headers: { authorization: `Bearer ${AUDITOR_KEY}` },
    programId: TARGET_PROGRAM,
    markets: MARKETS,
    fromMs: SPAN.from,
    toMs: SPAN.to,
    seed,
    stop,
    timeoutMs: 60_000,
  });
  await sleep(warmupMs);
  const sample = await probe(client, api, count);
  Atomics.store(stop, 0, 1);
  const result = await load;
  if (result.failed > 0) {
    throw new Error(`hostile clients: ${result.failed} failed (5xx or other); first: ${result.firstFailure}`);
  }
  return { ...sample, hostile: result };
}

/** Median of a few uncached as-of answers: what one replay costs the server here. */
async function uncachedAsOf(api: BenchApi): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const instant = new Date(SPAN.from + ((i + 1) / 6) * (SPAN.to - SPAN.from)).toISOString();
    const started = now();
    const response = await fetch(`${api.origin}${LIVE}?asOf=${encodeURIComponent(instant)}`, {
      headers: { authorization: `Bearer ${AUDITOR_KEY}` },
    });
    await response.text();
    if (response.status !== 200) throw new Error(`as-of answered ${response.status}`);
    times.push(now() - started);
  }
  return median(times);
}

function describeHostile(result: HostileResult): string {
  const answered = Object.values(result.statuses).reduce((sum, n) => sum + n, 0);
  const byKind = Object.entries(result.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key}: ${formatCount(n)}`)
    .join(', ');
  return `${formatCount(answered)} hostile answers in ${formatNumber(result.elapsedMs / 1000)} s (${byKind})`;
}

export async function hostileBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  const durability = `${durabilityLabel(options.durability)} (log, reads only)`;
  console.log(
    `\n== hostile: /health and live progress, idle vs ${SCENARIOS.map((x) => x.clients).join(' and ')} hostile clients on as-of, diff and live progress`,
  );
  const log = await generatedLog(PROGRAM_EVENTS, PROGRAM_EVENTS);
  const dir = makeTempDir('hostile-api');
  copyLogTo(log, dir);
  const api = await listenApi(
    dir,
    options.durability,
    {
      API_KEYS: `bench-viewer:viewer:${VIEWER_KEY},bench-auditor:auditor:${AUDITOR_KEY}`,
      READ_WAIT_TIMEOUT_MS: '30000',
      // Out of the way: what is measured is the replay limiter, which holds whatever the number of keys.
      COSTLY_REQUESTS_PER_MINUTE: '1000000',
      CHECKPOINT_EVERY_EVENTS: '10000000',
    },
    { clock: () => new Date(AS_OF) },
  );
  const client = new GetClient();
  const hostile = new HostileLoad();
  try {
    const body = await waitForReadModels(api.origin, LIVE, log.head, 10 * 60_000);
    const expected = summarizeProgram(0, undefined, PROGRAM_EVENTS);
    const verified = expected.markets.reduce((sum, market) => sum + market.verifiedUsers, 0);
    if (body.totals?.verifiedUsers !== verified) {
      throw new Error(`${TARGET_PROGRAM} reads ${body.totals?.verifiedUsers} verified, expected ${verified}`);
    }
    const replayMs = await uncachedAsOf(api);
    console.log(
      `   API ${api.mode} at ${api.origin}; ${TARGET_PROGRAM}: ${formatCount(log.events)} events, 7 markets; ` +
        `one uncached as-of ~${formatNumber(replayMs)} ms (median of 5, sequential); AS_OF_* limits at their defaults`,
    );
    console.log(
      `   ${budget.rounds} rounds; each run: ${budget.probes} x (GET /health, GET ${LIVE}) sequential from a worker` +
        ` thread; loaded runs start the hostile clients (another worker thread) ${budget.warmupMs} ms before`,
    );
    await probe(client, api, 50); // warm-up
    const figures: Figure[] = [];
    let seed = 0;
    for (const { clients, target } of SCENARIOS) {
      console.log(` - ${clients} hostile clients`);
      const comparison = await alternate(
        budget.rounds,
        () => probe(client, api, budget.probes),
        () => underLoad(client, hostile, api, clients, budget.probes, budget.warmupMs, ++seed),
        (r, idle, loaded) => {
          console.log(
            `   round ${r + 1}: idle /health p50 ${formatNumber(idle.healthP50)} p99 ${formatNumber(idle.value)} ms, ` +
              `live p99 ${formatNumber(idle.liveP99)} ms | loaded /health p50 ${formatNumber(loaded.healthP50)} ` +
              `p99 ${formatNumber(loaded.value)} ms, live p99 ${formatNumber(loaded.liveP99)} ms`,
          );
          if (loaded.hostile) console.log(`     ${describeHostile(loaded.hostile)}`);
        },
      );
      const figure = (name: string, pick: (s: ProbeSample) => number, bound?: number): Figure => ({
        part: 'hostile',
        name: `${name}, ${clients} hostile clients vs idle`,
        durability,
        unit: 'ms',
        baseline: median(comparison.baseline.map(pick)),
        candidate: median(comparison.candidate.map(pick)),
        ratio: median(comparison.baseline.map((b, i) => pick(comparison.candidate[i]) / pick(b))),
        ...(bound === undefined ? {} : { target: bound, targetKind: 'max' as const }),
      });
      figures.push(
        figure('GET /health p99', (x) => x.value, target),
        figure('GET /health p50', (x) => x.healthP50),
        figure('GET live program progress p99', (x) => x.liveP99),
        figure('GET live program progress p50', (x) => x.liveP50),
      );
    }
    return figures;
  } finally {
    await client.close();
    await hostile.close();
    await api.close();
    removeTempDir(dir);
  }
}
