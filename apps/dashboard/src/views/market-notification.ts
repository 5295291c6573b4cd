import type { ApiClient } from '../api/api-client';
import { h, setText } from '../dom';
import { notificationWords, type LastNotification } from '../notification-words';

/** Between reads while nothing moves: notices come from the server's own schedule as well as from steps. */
const SLOW_MS = 30_000;
/** After a change, and while a copy is still being sent: a notice is queued, then delivered, shortly after. */
const FAST_MS = 2_000;
const FAST_FOR_MS = 10_000;

/**
 * The last notification sent about a market, on its card (`full`: false) or its page (with the sentence the
 * receivers got). Hidden, taking no room, when there was none.
 */
export class NotificationBox {
  readonly element: HTMLElement;

  constructor(private readonly full: boolean) {
    this.element = h(
      'section',
      {
        class: 'last-notification',
        'data-field': 'notification',
        'aria-label': 'Last notification',
        hidden: true,
      },
      h(
        'p',
        { class: 'notification-what' },
        h('span', { class: 'notification-kind', 'data-field': 'notification-kind' }),
        h('span', { class: 'notification-status', 'data-field': 'notification-status' }),
      ),
      full && h('p', { class: 'notification-summary', 'data-field': 'notification-summary' }),
      h('p', { class: 'notification-when', 'data-field': 'notification-when' }),
      h('p', { class: 'notification-delivery', 'data-field': 'notification-delivery' }),
    );
  }

  show(last: LastNotification | undefined, timeZone: string): void {
    const box = this.element;
    box.hidden = last === undefined;
    if (!last) return;
    const words = notificationWords(last, timeZone);
    box.dataset.kind = last.kind;
    box.dataset.delivery = words.state;
    setText(box, '[data-field=notification-kind]', words.status ? `${words.kind}: ` : words.kind);
    setText(box, '[data-field=notification-status]', words.status);
    setText(box, '[data-field=notification-when]', words.when);
    setText(box, '[data-field=notification-delivery]', words.delivery);
    if (this.full) setText(box, '[data-field=notification-summary]', words.summary);
  }
}

/**
 * Keeps the last notification of each market of a program, read with the page's key: at once and often for a
 * while after `follow(true)` (a live change, as a notice follows its step by a moment), every 2 s while a copy
 * is being sent, else every 30 s (the server also notifies on its schedule, when time alone changed a status).
 * `follow(false)` (a past instant shown) stops and forgets: a past view shows no notification.
 */
export class ProgramNotifications {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (epoch ms). */
  private dueAt = 0;
  private lastReadAt = 0;
  private fastUntil = 0;
  private stopped = true;
  private closed = false;
  /** Aborted when the page goes: a read under way is cancelled on the wire. */
  private readonly closing = new AbortController();
  private reading = false;
  private last = new Map<string, LastNotification>();

  constructor(
    private readonly client: ApiClient,
    private readonly programId: string,
    private readonly changed: (last: ReadonlyMap<string, LastNotification>) => void,
    private readonly unauthorized: (message: string) => void,
  ) {}

  get current(): ReadonlyMap<string, LastNotification> {
    return this.last;
  }

  follow(live: boolean): void {
    if (this.closed) return;
    if (!live) {
      this.halt();
      if (this.last.size > 0) this.changed((this.last = new Map()));
      return;
    }
    const now = Date.now();
    this.fastUntil = now + FAST_FOR_MS;
    // At once, but not more often than every 2 s however many live updates come (a bulk import sends many).
    const due = Math.max(now, this.lastReadAt + FAST_MS);
    if (this.stopped || this.timer === undefined || this.dueAt > due) this.schedule(due - now);
    this.stopped = false;
  }

  /** The page goes: no read from now on. */
  close(): void {
    this.closed = true;
    this.closing.abort();
    this.halt();
  }

  private halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.read();
    }, ms);
  }

  private async read(): Promise<void> {
    if (this.stopped) return;
    if (this.reading) return this.schedule(FAST_MS);
    this.reading = true;
    this.lastReadAt = Date.now();
    try {
      const { data, error, response } = await this.client.api.GET('/programs/{programId}/notifications', {
        params: { path: { programId: this.programId } },
        signal: this.closing.signal,
      });
      if (response.status === 401) {
        this.close();
        const message = (error as { message?: unknown } | undefined)?.message;
        return this.unauthorized(typeof message === 'string' ? message : 'HTTP 401');
      }
      if (data && !this.stopped) {
        const last = new Map(data.markets.map((m) => [m.market, m.lastNotification]));
        if (JSON.stringify([...last]) !== JSON.stringify([...this.last])) this.changed((this.last = last));
      }
    } catch {
      // Offline for a moment: the next read retries; the notices shown stay.
    } finally {
      this.reading = false;
    }
    if (this.stopped) return;
    const sending = [...this.last.values()].some((n) => n.deliveries.pending > 0);
    this.schedule(sending || Date.now() < this.fastUntil ? FAST_MS : SLOW_MS);
  }
}
