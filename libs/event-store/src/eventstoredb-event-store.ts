import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from './event-store.errors';
import {
  DEFAULT_READ_ALL_MAX_COUNT,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from './event-store.port';
import {
  toClientExpectedRevision,
  toEventData,
  toPortError,
  toReadPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb.subscription';
import { satisfiesExpectedRevision } from './expected-revision';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  connectionString: string;
}

/**
 * The port over EventStoreDB (22.6 or later). Event ids must be UUIDs. System events and streams (`$...`)
 * are invisible through the port.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const { expectedRevision } = options;
    if (events.length === 0) return this.appendNothing(streamId, expectedRevision);
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision: toClientExpectedRevision(expectedRevision),
      });
      // The append answer's position is not documented to be the last event's: read it from that event.
      const [last] = await this.readStream(streamId, {
        fromRevision: result.nextExpectedRevision,
        maxCount: 1,
      });
      const position = last?.position ?? result.position?.commit;
      if (position === undefined)
        throw new Error(`EventStoreDB gave no position for the append to ${streamId}`);
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      throw toPortError(error, streamId, expectedRevision);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, streamId);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.fromPosition ?? -1n;
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    // System events are skipped here, so the server cannot count for us: stream until we have maxCount.
    const read = this.client.readAll({ fromPosition: toReadPosition(after) });
    try {
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event && event.position > after) events.push(event);
        if (events.length >= maxCount) break;
      }
    } catch (error) {
      throw toPortError(error);
    } finally {
      await read.cancel();
    }
    return events;
  }

  /**
   * EventStoreDB has no lookup by event id: the stream is read backwards, page by page, until the id shows.
   * Exact (never cut short by a count or a clock); its cost grows with the distance from the head, and it
   * runs only on the retry of a request that stopped before answering.
   */
  async readEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    const pageSize = 1000;
    let from: bigint | undefined = undefined;
    for (;;) {
      const page = await this.readStream(streamId, {
        direction: 'backwards',
        maxCount: pageSize,
        ...(from === undefined ? {} : { fromRevision: from }),
      });
      const found = page.find((event) => event.id === eventId);
      if (found) return found;
      const last = page[page.length - 1];
      if (page.length < pageSize || last === undefined || last.revision === 0n) return undefined;
      from = last.revision - 1n;
    }
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const [head] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return head?.revision;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const after = options.fromPosition ?? -1n;
    const inner = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: excludeSystemEvents(),
    });
    const subscription: Subscription = new EventStoreDbSubscription(inner, after, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** Nothing to write: check the expectation against the head, as the server would, and report the head. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [head] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!satisfiesExpectedRevision(expected, head?.revision)) {
      throw new WrongExpectedRevisionError(streamId, expected, head?.revision ?? 'no_stream');
    }
    return { nextRevision: head?.revision ?? -1n, position: head?.position ?? 0n };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The EventStoreDB client is closed');
  }
}
