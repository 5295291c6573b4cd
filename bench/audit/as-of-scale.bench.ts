import { listenApi, type BenchApi } from '../support/bench-api';
import { AS_OF, TARGET_PROGRAM } from '../support/event-generator';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { seededRandom } from '../support/seeded';
import { percentile, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';
import { GetClient, ShiftedClock } from '../read/http-get';
import { VIEWER_KEY, waitForReadModels } from '../read/read-api.server';

/**
 * As-of progress on one program of N events (1M in the full run, 100k in --quick), answered from the as-of
 * index: p99 at random instants over the program's span on both bases, against the live progress p99 of the
 * same program on the same server. Answer caching is off (each instant is new anyway) and the costly-route
 * limit lifted, so every request computes. Program progress is compared with live program progress; market
 * progress with live market progress whose forecast is cold (the clock moves before each request), because an
 * as-of answer's forecast is always computed afresh (a new instant is a new forecast input): compared with a
 * cached live forecast the ratio would mostly measure one Monte Carlo run, which the index does not change.
 */

const AUDITOR_KEY = 'bench-as-of-auditor-0001';
const HEADERS = { authorization: `Bearer ${AUDITOR_KEY}` };
const MARKET = 'ID';
const TARGET = 3;
/** The program's span from its markets' enrolment (1 February 2014) to AS_OF (mid-October), when it is read. */
const SPAN = [Date.parse('2014-02-02T00:00:00+08:00'), Date.parse(AS_OF)];
const STEP_MS = 15 * 60_000;

interface Sample {
  p50: number;
  p99: number;
}

async function measure(
  client: GetClient,
  api: BenchApi,
  paths: string[],
  clock?: { ticks: Int32Array; first: number },
): Promise<Sample> {
  const result = await client.run({ origin: api.origin, paths, headers: HEADERS, timeoutMs: 60_000, clock });
  if (result.failed > 0) throw new Error(`${result.failed} failed; first: ${result.firstFailure}`);
  const sorted = sortedCopy(result.latencies);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function indexOutcomes(api: BenchApi): Promise<string> {
  const text = await (await fetch(`${api.origin}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('tracker_as_of_index_total'))
    .map((line) => line.replace('tracker_as_of_index_total', ''))
    .join(', ');
}

export async function auditAsOfScaleBench(options: BenchOptions): Promise<Figure[]> {
  const events = options.quick ? 100_000 : 1_000_000;
  const requests = options.quick ? 100 : 300;
  console.log(
    `\n== audit-as-of (scale): as-of progress on a program of ${formatCount(events)} events vs live progress, p99`,
  );
  const log = await generatedLog(events, events);
  const dir = makeTempDir(`as-of-scale-${events}`);
  copyLogTo(log, dir);
  const clock = new ShiftedClock(AS_OF, STEP_MS);
  const started = now();
  const api = await listenApi(
    dir,
    options.durability,
    {
      API_KEYS: `bench-auditor:auditor:${AUDITOR_KEY},bench-viewer:viewer:${VIEWER_KEY}`,
      READ_WAIT_TIMEOUT_MS: '30000',
      AS_OF_CACHE_ENTRIES: '0',
      COSTLY_REQUESTS_PER_MINUTE: '1000000',
    },
    { clock: clock.now },
  );
  const client = new GetClient();
  try {
    const program = `/programs/${TARGET_PROGRAM}/progress`;
    const market = `/programs/${TARGET_PROGRAM}/markets/${MARKET}/progress`;
    await waitForReadModels(api.origin, program, log.head, 60 * 60_000);
    console.log(
      `   API ${api.mode}; start + read models (as-of index included) caught up in ${formatNumber((now() - started) / 1000)} s`,
    );
    const random = seededRandom(17);
    const instants = (basis: string) =>
      Array.from({ length: requests }, () => {
        const at = new Date(SPAN[0] + Math.floor(random() * (SPAN[1] - SPAN[0]))).toISOString();
        return `?asOf=${encodeURIComponent(at)}&basis=${basis}`;
      });
    const warm = Math.max(10, requests / 10);
    await measure(client, api, new Array<string>(warm).fill(program));
    await measure(
      client,
      api,
      instants('recorded')
        .slice(0, warm)
        .map((q) => program + q),
    );
    const live = {
      program: await measure(client, api, new Array<string>(requests).fill(program)),
      marketCached: await measure(client, api, new Array<string>(requests).fill(market)),
      marketCold: await measure(client, api, new Array<string>(requests).fill(market), {
        ticks: clock.ticks,
        first: 1,
      }),
    };
    clock.reset();
    const asOf: Record<string, Sample> = {};
    for (const basis of ['recorded', 'occurred']) {
      asOf[`program ${basis}`] = await measure(
        client,
        api,
        instants(basis).map((q) => program + q),
      );
      asOf[`market ${basis}`] = await measure(
        client,
        api,
        instants(basis).map((q) => market + q),
      );
    }
    const line = (name: string, s: Sample) =>
      console.log(`   ${name}: p50 ${formatNumber(s.p50)} ms, p99 ${formatNumber(s.p99)} ms`);
    line('live program progress', live.program);
    line(`live ${MARKET} progress, forecast cached`, live.marketCached);
    line(`live ${MARKET} progress, forecast cold`, live.marketCold);
    for (const [name, sample] of Object.entries(asOf)) line(`as-of ${name}`, sample);
    console.log(`   as-of computations by outcome: ${await indexOutcomes(api)}`);
    const durability = durabilityLabel(options.durability);
    const figure = (name: string, baseline: Sample, candidate: Sample): Figure => ({
      part: 'audit-as-of',
      name,
      durability,
      unit: 'ms',
      baseline: baseline.p99,
      candidate: candidate.p99,
      ratio: candidate.p99 / baseline.p99,
      target: TARGET,
      targetKind: 'max',
    });
    const n = formatCount(events);
    return [
      ...['recorded', 'occurred'].map((basis) =>
        figure(
          `as-of program progress p99 (${basis}) vs live, ${n}-event program`,
          live.program,
          asOf[`program ${basis}`],
        ),
      ),
      ...['recorded', 'occurred'].map((basis) =>
        figure(
          `as-of ${MARKET} progress p99 (${basis}) vs live (forecast cold), ${n}-event program`,
          live.marketCold,
          asOf[`market ${basis}`],
        ),
      ),
    ];
  } finally {
    await client.close();
    await api.close();
    removeTempDir(dir);
  }
}
