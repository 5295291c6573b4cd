import { performance } from 'node:perf_hooks';

export interface SseMessage {
  event: string;
  id?: string;
  data: any;
  /** `performance.now()` when the message arrived (the SSE latency benchmark measures up to it). */
  receivedAt: number;
}

/** A real Server-Sent Events client over fetch: collects messages and lets a test wait for one. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  status = 0;
  contentType = '';

  static async open(url: string, key: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
      signal: client.controller.signal,
    });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    if (response.body) void client.read(response.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end), performance.now());
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private parse(block: string, receivedAt: number): void {
    const message: SseMessage = { event: 'message', data: undefined, receivedAt };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) message.event = line.slice(6).trim();
      else if (line.startsWith('id:')) message.id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    message.data = JSON.parse(data.join('\n'));
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the first message (already received or to come) that satisfies `predicate`. */
  async waitFor(predicate: (message: SseMessage) => boolean, timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching SSE message within ${timeoutMs} ms; got ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
