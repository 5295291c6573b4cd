import type { RecordedEvent, Subscription } from './event-store.port';

/** What a catch-up subscription needs from a store: pages of the global log and a signal after each commit. */
export interface CatchUpSource {
  /** Events with position > after, in position order, at most maxCount. */
  readPage(after: bigint, maxCount: number): RecordedEvent[];
  /** Registers a listener called after every commit; returns the unregistration. */
  onCommit(listener: () => void): () => void;
}

export interface CatchUpOptions {
  fromPosition: bigint;
  pageSize: number;
  /** Fallback poll while live, for commits made by another process on the same database. */
  pollIntervalMs: number;
  onClose?(): void;
}

/**
 * Pages through the log from the checkpoint, then waits for a commit signal (or the poll) and reads on from the
 * last delivered position. History and live events come from the same query, so there is no switch-over at
 * which an event could be missed or delivered twice. Pull-based: the next page is read only when the consumer
 * has taken the previous one, so a slow consumer holds at most one page in memory.
 */
export class CatchUpSubscription implements Subscription {
  private closed = false;
  /** Set by a commit signal; lets the loop skip a wait when a commit happened while it was reading. */
  private signalled = false;
  private wake: (() => void) | undefined;
  private readonly unregister: () => void;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: CatchUpOptions,
  ) {
    this.unregister = source.onCommit(() => {
      this.signalled = true;
      this.wake?.();
    });
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregister();
    this.wake?.();
    this.options.onClose?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { pageSize } = this.options;
    let checkpoint = this.options.fromPosition;
    try {
      while (!this.closed) {
        this.signalled = false;
        const page = this.source.readPage(checkpoint, pageSize);
        for (const event of page) {
          checkpoint = event.position;
          yield event;
          if (this.closed) return;
        }
        if (page.length < pageSize && !this.signalled) await this.nextSignal();
      }
    } finally {
      await this.close();
    }
  }

  private nextSignal(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = done;
    });
  }
}
