import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { SseClient, type SseMessage } from '../../test/support/sse-client';

/**
 * The SSE probe's thread (see sse-latency.bench.ts): one SSE client on the program's stream and one operator
 * POSTing steps, one at a time. For each step: the time to its 201 answer, and the time to the first
 * `progress` or `progress-changes` event whose id (a position) covers the answer's position and whose counts for
 * the market match.
 */

export interface SseProbeJob {
  origin: string;
  programId: string;
  market: string;
  viewerKey: string;
  operatorKey: string;
  /** Steps not counted, then `steps` measured: copied / verified of fresh batches, alternating. */
  warmup: number;
  steps: number;
  spacingMs: number;
  timeoutMs: number;
}

export interface SseProbeResult {
  postMs: Float64Array;
  sseMs: Float64Array;
  /** Progress events received in all (one per step when nothing coalesced). */
  progressEvents: number;
  failure?: string;
}

async function probe(job: SseProbeJob): Promise<SseProbeResult> {
  const post: number[] = [];
  const sse: number[] = [];
  const base = `${job.origin}/programs/${job.programId}`;
  const client = await SseClient.open(`${base}/stream`, job.viewerKey);
  try {
    if (client.status !== 200) throw new Error(`GET ${base}/stream answered ${client.status}`);
    // The whole view opens the stream; then only what changed (`progress-changes`, with the markets it changed).
    const progress = (message: SseMessage) =>
      message.event === 'progress' || message.event === 'progress-changes';
    const first = await client.waitFor((message) => message.event === 'progress', job.timeoutMs);
    const market = (first.data.markets as any[]).find((m) => m.market === job.market);
    const counts = { copied: market.copiedUsers as number, verified: market.verifiedUsers as number };
    const users = 10;
    for (let step = 0; step < job.warmup + job.steps; step++) {
      const batch = `SSE-${String(Math.floor(step / 2)).padStart(5, '0')}`;
      const copied = step % 2 === 0;
      if (copied) counts.copied += users;
      else [counts.copied, counts.verified] = [counts.copied - users, counts.verified + users];
      const sent = performance.now();
      const answer = await fetch(
        `${base}/markets/${job.market}/batches/${batch}/${copied ? 'copied' : 'verified'}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${job.operatorKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(copied ? { users } : {}),
        },
      );
      const body = (await answer.json()) as { position?: number };
      const answered = performance.now();
      if (answer.status !== 201 || typeof body.position !== 'number')
        throw new Error(`POST answered ${answer.status}: ${JSON.stringify(body).slice(0, 300)}`);
      const position = body.position;
      // Only messages sent after this step's append can cover its position, so the first match is this step's.
      const reflected = await client.waitFor(
        (message) =>
          progress(message) &&
          Number(message.id) >= position &&
          (message.data.changedMarkets as string[]).includes(job.market) &&
          (message.data.markets as any[]).some(
            (m) =>
              m.market === job.market &&
              m.copiedUsers === counts.copied &&
              m.verifiedUsers === counts.verified,
          ),
        job.timeoutMs,
      );
      if (step >= job.warmup) {
        post.push(answered - sent);
        sse.push(reflected.receivedAt - sent);
      }
      await new Promise((resolve) => setTimeout(resolve, job.spacingMs));
    }
    return {
      postMs: Float64Array.from(post),
      sseMs: Float64Array.from(sse),
      progressEvents: client.messages.filter(progress).length,
    };
  } finally {
    client.close();
  }
}

parentPort?.on('message', (job: SseProbeJob) => {
  probe(job).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) =>
      parentPort?.postMessage({
        postMs: new Float64Array(0),
        sseMs: new Float64Array(0),
        progressEvents: 0,
        failure: error instanceof Error ? error.message : String(error),
      }),
  );
});
