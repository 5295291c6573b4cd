import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { WakeSignal } from './wake-signal';

const nextMacrotask = (): Promise<undefined> => new Promise((resolve) => setImmediate(resolve, undefined));

/**
 * The live end of the feed: a catch-up subscription to the global log (through the port, so it behaves the
 * same on SQLite and EventStoreDB), kept open while the runner is at the head. `next(after)` waits for the
 * first event after `after`, then takes whatever else has already arrived, so a burst of appends becomes one
 * batch and one commit. The subscription delivers each event once, in order, without gaps: as long as the
 * caller asks from where the previous batch ended, no event is read twice. Asked from anywhere else (after a
 * catch-up through readAll), the feed reopens the subscription there.
 */
export class LiveFeed {
  private subscription: Subscription | undefined;
  private iterator: AsyncIterator<RecordedEvent> | undefined;
  /** Position of the last event handed out (or the subscription's start). */
  private position = -1n;
  /** A pull still in flight when a wait was interrupted: its event is the next one to hand out. */
  private pending: Promise<RecordedEvent> | undefined;

  constructor(private readonly store: EventStore) {}

  /** Events after `after` (at most `max`); [] when `wake` is notified first (or since `mark`). */
  async next(after: bigint, max: number, wake: WakeSignal, mark = wake.mark()): Promise<RecordedEvent[]> {
    try {
      if (this.iterator === undefined || this.position !== after) await this.open(after);
      const first = await wake.race(this.pull(), mark);
      if (first === undefined) return [];
      const events = [this.taken(first)];
      while (events.length < max) {
        const event = await Promise.race([this.pull(), nextMacrotask()]);
        if (event === undefined) break;
        events.push(this.taken(event));
      }
      return events;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.pending?.catch(() => undefined); // settles as "ended" once the subscription is closed
    this.subscription = undefined;
    this.iterator = undefined;
    this.pending = undefined;
    this.position = -1n;
    await subscription?.close();
  }

  private async open(after: bigint): Promise<void> {
    await this.close();
    this.subscription = this.store.subscribeToAll({ fromPosition: after });
    this.iterator = this.subscription[Symbol.asyncIterator]();
    this.position = after;
  }

  private pull(): Promise<RecordedEvent> {
    const iterator = this.iterator;
    if (iterator === undefined) return Promise.reject(new Error('The live feed is closed'));
    this.pending ??= iterator.next().then((result) => {
      if (result.done) throw new Error('The subscription to the global log ended');
      return result.value;
    });
    return this.pending;
  }

  private taken(event: RecordedEvent): RecordedEvent {
    this.pending = undefined;
    this.position = event.position;
    return event;
  }
}
