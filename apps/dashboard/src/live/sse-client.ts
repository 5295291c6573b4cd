import { UnauthorizedError } from '../api/api-client';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface SseHandlers {
  onEvent(event: string, data: unknown, firstOfConnection: boolean): void;
  onState(state: ConnectionState): void;
  onUnauthorized(error: UnauthorizedError): void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;
/** After this many failed attempts in a row the indicator says "offline" (retries go on). */
const OFFLINE_AFTER = 4;
/** The server sends a heartbeat every 15 s: silence for longer than this means the connection is dead. */
const SILENCE_MS = 40_000;

/**
 * Server-Sent Events over fetch streaming (EventSource cannot send an Authorization header), reconnecting
 * with exponential backoff after any loss.
 */
export class SseClient {
  private controller?: AbortController;
  private closed = false;
  private failures = 0;
  private retryTimer?: number;
  private silenceTimer?: number;

  constructor(
    private readonly url: string,
    private readonly authorization: string,
    private readonly handlers: SseHandlers,
  ) {}

  start(): void {
    this.handlers.onState('connecting');
    void this.connect();
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.silenceTimer);
    this.controller?.abort();
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const response = await fetch(this.url, {
        headers: { authorization: this.authorization, accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401) {
        this.close();
        this.handlers.onUnauthorized(new UnauthorizedError('The key was refused by the live stream.'));
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      await this.read(response.body, controller);
    } catch {
      // Network error, abort or a server that went away: handled below as a lost connection.
    }
    window.clearTimeout(this.silenceTimer);
    if (this.closed) return;
    this.failures += 1;
    this.handlers.onState(this.failures >= OFFLINE_AFTER ? 'offline' : 'reconnecting');
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    this.retryTimer = window.setTimeout(() => void this.connect(), delay * (0.8 + Math.random() * 0.4));
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let first = true;
    this.armSilenceTimer(controller);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.armSilenceTimer(controller);
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = parseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (!message) continue;
        if (first) {
          this.failures = 0;
          this.handlers.onState('live');
        }
        this.handlers.onEvent(message.event, message.data, first);
        first = false;
      }
    }
  }

  private armSilenceTimer(controller: AbortController): void {
    window.clearTimeout(this.silenceTimer);
    this.silenceTimer = window.setTimeout(() => controller.abort(), SILENCE_MS);
  }
}

function parseBlock(block: string): { event: string; data: unknown } | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return undefined;
  try {
    return { event, data: JSON.parse(data.join('\n')) as unknown };
  } catch {
    return undefined;
  }
}
