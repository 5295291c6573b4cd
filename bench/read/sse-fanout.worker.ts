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

/** Heads of events this long are enough for their `event:` and `id:` lines, which come before the data. */
const HEAD_CHARS = 200;

class Screen {
  bytes = 0;
  events = 0;
  changes = 0;
  lastId = -1;
  openingBytes = 0;
  /** The head of the event being received; its data is only counted (a whole view may be large). */
  private head = '';
  private endedWithNewline = false;
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
        this.scan(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
    } catch {
      // closed
    }
  }

  /** Finds the blank lines that end events (a CRLF-free stream, as this server writes). */
  private scan(chunk: Buffer): void {
    let from = 0;
    if (this.endedWithNewline && chunk[0] === 0x0a) {
      this.dispatch();
      from = 1;
    }
    for (;;) {
      const end = chunk.indexOf('\n\n', from);
      this.keepHead(chunk, from, end < 0 ? chunk.length : end);
      if (end < 0) break;
      this.dispatch();
      from = end + 2;
    }
    this.endedWithNewline = chunk.length > 0 && chunk[chunk.length - 1] === 0x0a;
  }

  private keepHead(chunk: Buffer, from: number, to: number): void {
    if (this.head.length >= HEAD_CHARS || from >= to) return;
    this.head += chunk.toString('utf8', from, Math.min(to, from + HEAD_CHARS - this.head.length));
  }

  /** An event ended: its type and id lines come before its data. */
  private dispatch(): void {
    let event = '';
    for (const line of this.head.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) this.lastId = Number(line.slice(4));
    }
    this.head = '';
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
