import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '@app/event-store';
import type { UpcasterRegistry } from './upcaster';

/**
 * The event store as readers of the current schema see it: every event read (pages, streams, the
 * subscription) passes through the upcasters; appends go through untouched. Give it to the projections and
 * to replays; verification and evidence read the store itself, in the stored form.
 */
export class UpcastingEventStore implements EventStore {
  /** The inner store's, when it has them (optional in the port). */
  readonly storeId?: () => Promise<string>;
  readonly countEvents?: (after: bigint, upTo: bigint, limit: number) => Promise<number>;

  constructor(
    private readonly inner: EventStore,
    private readonly upcasters: UpcasterRegistry,
  ) {
    if (inner.storeId) this.storeId = () => inner.storeId!();
    if (inner.countEvents) this.countEvents = (after, upTo, limit) => inner.countEvents!(after, upTo, limit);
  }

  append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map((event) => this.upcast(event));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.upcast(event));
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(streamId);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const upcast = (event: RecordedEvent) => this.upcast(event);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield upcast(event);
      },
    };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { event: upcast } = this.upcasters.upcast(event);
    return upcast === event ? event : { ...upcast, data: upcast.data as JsonObject };
  }
}
