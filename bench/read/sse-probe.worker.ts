import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

/**
 * The SSE probe's thread (see sse-latency.bench.ts): one SSE client on the program's stream and one operator
 * POSTing steps, one at a time. For each step: the time to its 201 answer, and the time to the first
 * `progress` event whose id (a position) covers the answer's position and whose counts for the market match.
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

interface Message {
  event: string;
  id?: string;
  data: any;
  at: number;
}

class SseReader {
  readonly messages: Message[] = [];
  private wake: (() => void) | undefined;

  constructor(body: ReadableStream<Uint8Array>) {
    void this.read(body);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.parse(buffer.slice(0, end), performance.now());
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted at the end of the job
    }
  }

  private parse(block: string, at: number): void {
    const message: Message = { event: 'message', data: undefined, at };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) message.event = line.slice(6).trim();
      else if (line.startsWith('id:')) message.id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    message.data = JSON.parse(data.join('\n'));
    this.messages.push(message);
    this.wake?.();
  }

  /** The first message from index `from` on that matches; rejects after timeoutMs. */
  async waitFor(from: number, match: (message: Message) => boolean, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (let index = from; ;) {
      for (; index < this.messages.length; index++) if (match(this.messages[index])) return index;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no matching SSE event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => (clearTimeout(timer), resolve());
      });
    }
  }
}

async function probe(job: SseProbeJob): Promise<SseProbeResult> {
  const post: number[] = [];
  const sse: number[] = [];
  const abort = new AbortController();
  const base = `${job.origin}/programs/${job.programId}`;
  const response = await fetch(`${base}/stream`, {
    headers: { authorization: `Bearer ${job.viewerKey}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body)
    throw new Error(`GET ${base}/stream answered ${response.status}`);
  const reader = new SseReader(response.body);
  const progress = (message: Message) => message.event === 'progress';
  let seen = await reader.waitFor(0, progress, job.timeoutMs);
  const market = () => (reader.messages[seen].data.markets as any[]).find((m) => m.market === job.market);
  const counts = { copied: market().copiedUsers as number, verified: market().verifiedUsers as number };
  const users = 10;
  try {
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
      seen = await reader.waitFor(
        seen + 1,
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
        sse.push(reader.messages[seen].at - sent);
      }
      await new Promise((resolve) => setTimeout(resolve, job.spacingMs));
    }
    return {
      postMs: Float64Array.from(post),
      sseMs: Float64Array.from(sse),
      progressEvents: reader.messages.filter(progress).length,
    };
  } finally {
    abort.abort();
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
