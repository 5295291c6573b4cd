/**
 * The event-store port. It mirrors EventStoreDB's semantics so that the embedded SQLite adapter and the
 * EventStoreDB adapter are interchangeable and honest about concurrency.
 */

/** Expected revision of a stream before an append (EventStoreDB semantics). Revisions start at 0n. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `type` is a stable wire name, never a class name. */
export interface EventToAppend {
  /** Unique id (UUID). Appending an id that the stream already holds at the same place is idempotent. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** An event as stored. */
export interface RecordedEvent {
  id: string;
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: bigint;
  /** Position of the event in the global log: strictly increasing in commit order, never reused. */
  position: bigint;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store committed the event (ISO-8601, UTC). */
  recordedAt: string;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /**
   * Revision of the last event written (the stream's new head). An empty append writes nothing and returns the
   * current head: -1n when the stream has no events (EventStoreDB's "no stream" revision).
   */
  nextRevision: bigint;
  /** Global position of the last event written (for an empty append: of the stream's last event, 0n if none). */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive. Defaults to 0n forwards and the head backwards. */
  fromRevision?: bigint;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

/** readAll returns at most this many events unless maxCount says otherwise: callers page with fromPosition. */
export const DEFAULT_READ_ALL_MAX_COUNT = 1000;

export interface ReadAllOptions {
  /**
   * Exclusive lower bound: events with position > fromPosition. Defaults to the start of the log. Must be 0 or
   * the position of an event (positions are opaque and sparse on EventStoreDB); anything else raises
   * InvalidPositionError.
   */
  fromPosition?: bigint;
  /** Defaults to DEFAULT_READ_ALL_MAX_COUNT. */
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: the subscription delivers events with position > fromPosition. */
  fromPosition?: bigint;
}

/** A catch-up subscription: replays history then delivers live events, in order, no gaps, no duplicates. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an unknown stream gives []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The event of this stream with this id, or undefined. Exact, however deep in the stream: an append whose
   * ids were derived from a request (an idempotency key) is found again by its retry. Optional for wrappers
   * (upcasting, in-memory replays) that never serve writes; both adapters implement it.
   */
  readEvent?(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;
  /**
   * How many events have a position in (after, upTo], counting no further than `limit`. Optional: a store
   * without a cheap count is paged through readAll instead (see the projections' LagCounter).
   */
  countEvents?(after: bigint, upTo: bigint, limit: number): Promise<number>;
  /**
   * An id of this store, the same for every client of it and different for a recreated one: read models and
   * audit caches record it to notice a data dir pointed at another store. Optional: storeIdentity() falls
   * back to the first event of the log.
   */
  storeId?(): Promise<string>;
  /** Current revision of a stream, or undefined when it has no events. */
  streamRevision(streamId: string): Promise<bigint | undefined>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  close(): Promise<void>;
}

/** Injection token for the EventStore port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
