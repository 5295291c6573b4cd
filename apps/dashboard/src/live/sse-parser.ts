/** One dispatched event of a stream: its type (`message` unless named) and its data lines joined. */
export interface SseMessage {
  event: string;
  data: string;
  /** The last event id at this event (the stream's `id:` so far; '' when none was sent). */
  lastEventId: string;
}

/**
 * The event stream format of the HTML standard ("9.2.6 Interpreting an event stream"), fed chunk by chunk:
 * lines end in CRLF, LF or CR (a CRLF may be split between chunks); `:` starts a comment; a field without a
 * colon has an empty value; one leading space of a value is dropped; `data:` lines join with newlines; an
 * empty line dispatches, unless no data came; `id:` (without NUL) sets the last event id, which persists;
 * `retry:` with digits only sets the reconnection time; other fields are ignored.
 */
export class SseParser {
  // lastEventId (a constructor property): the last `id:` seen, kept across events and connections; sent
  // back as `Last-Event-ID` when reconnecting.
  /** The reconnection time the server asked for with `retry:`, if it did. */
  retryMs?: number;
  private readonly decoder = new TextDecoder();
  private pending = '';
  private skipLineFeed = false;
  private data: string[] = [];
  private event = '';

  /** `lastEventId`: the id of the connection before, kept across reconnections as EventSource keeps it. */
  constructor(public lastEventId = '') {}

  /** Feeds a chunk (bytes or text); returns the events it completed, in order. */
  push(chunk: Uint8Array | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    // A CR ended the previous chunk: a LF opening this one belongs to it.
    if (this.skipLineFeed && text.startsWith('\n')) text = text.slice(1);
    this.skipLineFeed = false;
    const messages: SseMessage[] = [];
    let buffer = this.pending + text;
    for (;;) {
      const end = buffer.search(/[\r\n]/);
      if (end < 0) break;
      const line = buffer.slice(0, end);
      let next = end + 1;
      if (buffer[end] === '\r') {
        if (next === buffer.length) this.skipLineFeed = true;
        else if (buffer[next] === '\n') next += 1;
      }
      buffer = buffer.slice(next);
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.pending = buffer;
    return messages;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const { data, event } = this;
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n'), lastEventId: this.lastEventId };
  }
}
