import { UnauthorizedError } from '../api/api-client';
import { SseParser } from './sse-parser';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface SseHandlers {
  onEvent(event: string, data: unknown, firstOfConnection: boolean): void;
  onState(state: ConnectionState): void;
  onUnauthorized(error: UnauthorizedError): void;
}

/** What the client needs of its surroundings: the browser's by default, given by hand in unit specs. */
export interface SseEnvironment {
  fetch: typeof fetch;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  /** In [0, 1): spreads the retries of many pages after one outage. */
  random(): number;
}

const browserEnvironment = (): SseEnvironment => ({
  fetch: (input, init) => globalThis.fetch(input, init),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (timer) => globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
});

/** The first retry's delay, unless the server says otherwise with `retry:`. */
export const FIRST_RETRY_MS = 500;
export const MAX_RETRY_MS = 15_000;
/** After this many failed attempts in a row the indicator says "offline" (retries go on). */
export const OFFLINE_AFTER = 4;
/** The server sends a heartbeat every 15 s: silence for longer than this means the connection is dead. */
export const SILENCE_MS = 40_000;

/**
 * Server-Sent Events over fetch streaming (EventSource cannot send an Authorization header), reconnecting
 * after any loss as EventSource would: the last `id:` seen goes back as `Last-Event-ID`, and the server's
 * `retry:` (or a `Retry-After` on a refusal) sets the delay, doubled after each failure in a row up to a cap.
 */
export class SseClient {
  private controller?: AbortController;
  private closed = false;
  private failures = 0;
  private retryTimer?: unknown;
  private silenceTimer?: unknown;
  private lastEventId = '';
  private retryMs = FIRST_RETRY_MS;

  constructor(
    private readonly url: string,
    private readonly authorization: string,
    private readonly handlers: SseHandlers,
    private readonly env: SseEnvironment = browserEnvironment(),
  ) {}

  start(): void {
    this.handlers.onState('connecting');
    void this.connect();
  }

  close(): void {
    this.closed = true;
    this.env.clearTimeout(this.retryTimer);
    this.env.clearTimeout(this.silenceTimer);
    this.controller?.abort();
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let waitMs: number | undefined;
    try {
      const headers: Record<string, string> = {
        authorization: this.authorization,
        accept: 'text/event-stream',
      };
      if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
      const response = await this.env.fetch(this.url, {
        headers,
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401) {
        this.close();
        this.handlers.onUnauthorized(new UnauthorizedError('The key was refused by the live stream.'));
        return;
      }
      waitMs = retryAfterMs(response.headers.get('retry-after'));
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      await this.read(response.body, controller);
    } catch {
      // Network error, abort or a server that went away: handled below as a lost connection.
    }
    this.env.clearTimeout(this.silenceTimer);
    if (this.closed) return;
    this.failures += 1;
    this.handlers.onState(this.failures >= OFFLINE_AFTER ? 'offline' : 'reconnecting');
    const backoff = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** (this.failures - 1));
    const delay = Math.max(waitMs ?? 0, backoff * (0.8 + this.env.random() * 0.4));
    this.retryTimer = this.env.setTimeout(() => void this.connect(), delay);
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const parser = new SseParser(this.lastEventId);
    let first = true;
    this.armSilenceTimer(controller);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.armSilenceTimer(controller);
      const messages = parser.push(value);
      this.lastEventId = parser.lastEventId;
      if (parser.retryMs !== undefined) this.retryMs = parser.retryMs;
      for (const message of messages) {
        const data = parseJson(message.data);
        // Not JSON: not one of this server's events; skipped rather than handed on half-understood.
        if (data === NOT_JSON) continue;
        if (first) {
          this.failures = 0;
          this.handlers.onState('live');
        }
        this.handlers.onEvent(message.event, data, first);
        first = false;
      }
    }
  }

  private armSilenceTimer(controller: AbortController): void {
    this.env.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.env.setTimeout(() => controller.abort(), SILENCE_MS);
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** `Retry-After` in seconds (an HTTP date is not expected from this server); undefined when absent or odd. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
