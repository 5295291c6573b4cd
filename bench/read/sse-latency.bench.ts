import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AS_OF, TARGET_PROGRAM } from '../support/event-generator';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { percentile, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { OPERATOR_KEY, startReadApi, VIEWER_KEY, waitForReadModels, type ReadApi } from './read-api.server';
import type { SseProbeJob, SseProbeResult } from './sse-probe.worker';

/**
 * Live-update latency: one SSE client on /programs/<target>/stream and sequential POSTs of steps to one of its
 * markets; from sending a POST to receiving the `progress` event that reflects it, against the baseline of the
 * same POSTs' 201 answers. Informative: the stream coalesces changes for 50 ms by design.
 */

const FULL = { events: 10_000, warmup: 20, steps: 400 };
const QUICK = { events: 10_000, warmup: 10, steps: 60 };
/** A market of the target program still migrating, with room in its scope. */
const MARKET = 'HK';
const SPACING_MS = 20;
const TIMEOUT_MS = 10_000;

function runProbe(job: SseProbeJob): Promise<SseProbeResult> {
  const worker = new Worker(join(__dirname, `sse-probe.worker${extname(__filename)}`));
  return new Promise<SseProbeResult>((resolve, reject) => {
    worker.once('message', (result: SseProbeResult) => resolve(result));
    worker.once('error', reject);
    worker.postMessage(job);
  }).finally(() => void worker.terminate());
}

export async function sseLatencyBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  const durability = `${durabilityLabel(options.durability)} (log), NORMAL (read side)`;
  console.log(`\n== sse-latency: POST a step -> its SSE progress event vs -> its 201 answer (${durability})`);
  const log = await generatedLog(budget.events);
  const dir = makeTempDir('sse-api');
  let api: ReadApi | undefined;
  try {
    copyLogTo(log, dir);
    const startedAt = Date.now();
    // The program's clock: AS_OF, then running in real time.
    api = await startReadApi(
      dir,
      options.durability,
      () => new Date(Date.parse(AS_OF) + Date.now() - startedAt),
    );
    await waitForReadModels(api.origin, `/programs/${TARGET_PROGRAM}/progress`, log.head, 60_000);
    console.log(
      `   API ${api.mode} at ${api.origin} on the ${formatCount(log.events)}-event log; ${budget.warmup} warm-up + ` +
        `${budget.steps} steps (copied/verified of fresh ${TARGET_PROGRAM}/${MARKET} batches), one at a time, ` +
        `${SPACING_MS} ms apart; SSE client and poster in a worker thread`,
    );
    const result = await runProbe({
      origin: api.origin,
      programId: TARGET_PROGRAM,
      market: MARKET,
      viewerKey: VIEWER_KEY,
      operatorKey: OPERATOR_KEY,
      warmup: budget.warmup,
      steps: budget.steps,
      spacingMs: SPACING_MS,
      timeoutMs: TIMEOUT_MS,
    });
    if (result.failure) throw new Error(`SSE probe: ${result.failure}`);
    const posts = sortedCopy(result.postMs);
    const events = sortedCopy(result.sseMs);
    console.log(
      `   ${formatCount(events.length)} steps measured, ${formatCount(result.progressEvents)} progress events received; ` +
        `POST->201 p50 ${formatNumber(percentile(posts, 50))} / p99 ${formatNumber(percentile(posts, 99))} ms; ` +
        `POST->SSE p50 ${formatNumber(percentile(events, 50))} / p99 ${formatNumber(percentile(events, 99))} ms`,
    );
    return [50, 99].map((p) => {
      const baseline = percentile(posts, p);
      const candidate = percentile(events, p);
      return {
        part: 'sse-latency',
        name: `p${p}: POST step -> SSE progress event vs -> 201 answer`,
        durability,
        unit: 'ms',
        baseline,
        candidate,
        ratio: candidate / baseline,
      };
    });
  } finally {
    await api?.close();
    removeTempDir(dir);
  }
}
