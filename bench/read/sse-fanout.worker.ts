import { parentPort } from 'node:worker_threads';

/**
 * The SSE fan-out part's screens (see sse-fanout.bench.ts), in a thread of their own: `streams` connections to
 * one program's stream, each counting the bytes it receives, its live events and the last `id:`.
 */

export type FanoutWorkerRequest =
  | { type: 'open'; url: string; key: string; streams: number; timeoutMs: number }
  | { type: 'wait'; position: number; timeoutMs: number }
  | { type: 'close' };

export interface FanoutCounts {
  /** Bytes received by all streams so far. */
  bytes: number;
  /** `progress` and `progress-changes` events received by all streams so far, openings included. */
  events: number;
  /** Of which `progress-changes`. */
  changes: number;
}

export type FanoutWorkerReply =
  | ({ type: 'opened'; openingBytes: number } & FanoutCounts)
  | ({ type: 'reached' } & FanoutCounts)
  | { type: 'failed'; error: string };

class Screen {
  bytes = 0;
  events = 0;
  changes = 0;
  lastId = -1;
  openingBytes = 0;
  private buffer = '';
  private readonly decoder = new TextDecoder();
  readonly controller = new AbortController();

  async read(url: string, key: string): Promise<void> {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
      signal: this.controller.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`GET ${url} answered ${response.status}`);
    void this.consume(response.body);
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        this.bytes += chunk.byteLength;
        this.buffer += this.decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.block(this.buffer.slice(0, Math.min(end, 200)));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // closed
    }
  }

  /** The head of one event: its type and id lines come before its data. */
  private block(head: string): void {
    let event = '';
    for (const line of head.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) this.lastId = Number(line.slice(4));
    }
    if (event !== 'progress' && event !== 'progress-changes') return;
    this.events += 1;
    if (event === 'progress-changes') this.changes += 1;
    if (this.events === 1) this.openingBytes = this.bytes;
  }
}

let screens: Screen[] = [];

const counts = (): FanoutCounts => ({
  bytes: screens.reduce((sum, s) => sum + s.bytes, 0),
  events: screens.reduce((sum, s) => sum + s.events, 0),
  changes: screens.reduce((sum, s) => sum + s.changes, 0),
});

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function handle(request: FanoutWorkerRequest): Promise<FanoutWorkerReply | undefined> {
  if (request.type === 'open') {
    screens = Array.from({ length: request.streams }, () => new Screen());
    for (const screen of screens) await screen.read(request.url, request.key);
    await until(() => screens.every((s) => s.events > 0), request.timeoutMs, 'not every stream opened');
    return { type: 'opened', openingBytes: screens[0].openingBytes, ...counts() };
  }
  if (request.type === 'wait') {
    await until(
      () => screens.every((s) => s.lastId >= request.position),
      request.timeoutMs,
      `not every stream reached position ${request.position}`,
    );
    return { type: 'reached', ...counts() };
  }
  for (const screen of screens) screen.controller.abort();
  screens = [];
  return undefined;
}

parentPort?.on('message', (request: FanoutWorkerRequest) => {
  handle(request).then(
    (reply) => reply && parentPort?.postMessage(reply),
    (error: unknown) =>
      parentPort?.postMessage({
        type: 'failed',
        error: error instanceof Error ? error.message : String(error),
      } satisfies FanoutWorkerReply),
  );
});
