import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '@app/event-store';
import { DEFAULT_READ_ALL_MAX_COUNT } from '@app/event-store';

/**
 * A read-only, in-memory log of chosen events (positions kept as stored, gaps allowed): what a replay feeds
 * the projection runner with. It never grows, so its subscription only waits until it is closed.
 */
export class MemoryEventLog implements EventStore {
  constructor(private readonly events: readonly RecordedEvent[]) {}

  get lastPosition(): bigint {
    return this.events.at(-1)?.position ?? 0n;
  }

  append(): Promise<AppendResult> {
    return Promise.reject(new Error('A replay log is read-only'));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0n;
    const events = this.events.filter((e) => e.streamId === streamId && e.revision >= from);
    return events.slice(0, options.maxCount ?? events.length);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromPosition ?? 0n;
    const start = lowerBound(this.events, from);
    return this.events.slice(start, start + (options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT));
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    for (let i = this.events.length - 1; i >= 0; i--) {
      if (this.events[i].streamId === streamId) return this.events[i].revision;
    }
    return undefined;
  }

  subscribeToAll(): Subscription {
    let release: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (release = resolve));
    return {
      close: async () => release(),
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<RecordedEvent>> => {
          await closed;
          return { done: true, value: undefined };
        },
      }),
    };
  }

  async close(): Promise<void> {}
}

/** Index of the first event with position > after (events are in position order). */
function lowerBound(events: readonly RecordedEvent[], after: bigint): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (events[mid].position <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
