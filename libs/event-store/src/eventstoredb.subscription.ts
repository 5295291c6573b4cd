import type { AllStreamSubscription } from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from './event-store.port';
import { toPortError, toRecordedEvent } from './eventstoredb-mapping';

/**
 * Wraps the client's catch-up subscription to $all. The client's stream is read on demand (async iteration
 * applies backpressure), events at or before the last delivered position are dropped, so a checkpoint is
 * exclusive and nothing is delivered twice.
 */
export class EventStoreDbSubscription implements Subscription {
  private closed = false;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly inner: AllStreamSubscription,
    private readonly after: bigint,
    private readonly onClose: () => void,
  ) {
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    await this.inner.unsubscribe();
    // Cancelling the call does not end the client's stream: destroy it so a pending next() settles now.
    this.inner.destroy();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let last = this.after;
    try {
      for await (const resolved of this.inner) {
        const event = toRecordedEvent(resolved);
        if (!event || event.position <= last) continue;
        last = event.position;
        yield event;
        if (this.closed) return;
      }
    } catch (error) {
      if (!this.closed) throw toPortError(error);
    } finally {
      await this.close();
    }
  }
}
