import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  START,
  StreamNotFoundError,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  AppendOutcomeUnknownError,
  EventStoreUnavailableError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from './event-store.errors';
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
  isAmbiguousFailure,
  isInvalidPositionError,
  toClientExpectedRevision,
  toEventData,
  toPortError,
  toReadPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb.subscription';
import { satisfiesExpectedRevision } from './expected-revision';

/** The part of the client the adapter uses (a fake one stands in for it in unit tests). */
export type EventStoreDbClientLike = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export type EventStoreDbEventStoreOptions = (
  | {
      /** e.g. `esdb://localhost:2113?tls=false`. */
      connectionString: string;
    }
  | { client: EventStoreDbClientLike }
) & {
  /** How many times an append whose outcome is unknown is sent in all before giving up. Default 4. */
  appendAttempts?: number;
  /** Wait before the n-th resend: n × this (a leader election takes about a second). Default 250 ms. */
  appendRetryDelayMs?: number;
  /**
   * Subscriptions to `$all` ask the server for the streams whose names match this regex only (a server-side
   * filter: other streams' events never cross the network). Default: every stream but the system ones.
   * readAll cannot filter on the server with this client version (6.2.1); FilteredEventStore skips there.
   */
  streamFilterRegex?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The port over EventStoreDB (22.6 or later). Event ids must be UUIDs. System events and streams (`$...`)
 * are invisible through the port.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientLike;
  private readonly subscriptions = new Set<Subscription>();
  private readonly appendAttempts: number;
  private readonly appendRetryDelayMs: number;
  private readonly streamFilterRegex?: string;
  private closed = false;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client =
      'client' in options ? options.client : EventStoreDBClient.connectionString(options.connectionString);
    this.appendAttempts = Math.max(1, options.appendAttempts ?? 4);
    this.appendRetryDelayMs = options.appendRetryDelayMs ?? 250;
    this.streamFilterRegex = options.streamFilterRegex;
  }

  /**
   * An append that fails without saying whether it was written (deadline, lost connection, leader change) is
   * sent again as it was: the same event data and ids, the same expectation. The server answers an append of
   * the ids it already holds at that exact expected revision (or `no_stream`) as a success without writing
   * again, so the outcome of the resend is the outcome of the append; a wrong-revision answer then means the
   * first send was not written. With `any` or `stream_exists` that idempotency holds only within the
   * server's recent cache, so before each resend the stream is searched for the last event's id instead.
   * When no attempt settles it, AppendOutcomeUnknownError: never a guess either way.
   */
  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const { expectedRevision } = options;
    if (events.length === 0) return this.appendNothing(streamId, expectedRevision);
    const data = events.map(toEventData);
    const exact = typeof expectedRevision === 'bigint' || expectedRevision === 'no_stream';
    let unknown: unknown;
    for (let attempt = 1; attempt <= this.appendAttempts; attempt++) {
      try {
        if (attempt > 1) {
          await sleep(this.appendRetryDelayMs * (attempt - 1));
          if (!exact) {
            const written = await this.readEvent(streamId, events[events.length - 1].id);
            if (written) return { nextRevision: written.revision, position: written.position };
          }
        }
        const result = await this.client.appendToStream(streamId, data, {
          expectedRevision: toClientExpectedRevision(expectedRevision),
        });
        return await this.appended(streamId, result.nextExpectedRevision, result.position?.commit);
      } catch (error) {
        // A read failing after the append (the position, the id search) leaves the outcome unknown too.
        const ambiguous = isAmbiguousFailure(error) || error instanceof EventStoreUnavailableError;
        if (!ambiguous) throw toPortError(error, streamId, expectedRevision);
        unknown = error;
      }
    }
    throw new AppendOutcomeUnknownError(
      streamId,
      events.map((event) => event.id),
      { cause: unknown },
    );
  }

  /** The append answer's position is not documented to be the last event's: read it from that event. */
  private async appended(
    streamId: string,
    nextRevision: bigint,
    answered: bigint | undefined,
  ): Promise<AppendResult> {
    const [last] = await this.readStream(streamId, { fromRevision: nextRevision, maxCount: 1 });
    const position = last?.position ?? answered;
    if (position === undefined)
      throw new Error(`EventStoreDB gave no position for the append to ${streamId}`);
    return { nextRevision, position };
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
      if (isInvalidPositionError(error)) throw new InvalidPositionError(after);
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
      filter:
        this.streamFilterRegex === undefined
          ? excludeSystemEvents()
          : streamNameFilter({ regex: this.streamFilterRegex }),
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
