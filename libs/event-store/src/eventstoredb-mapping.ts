import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  jsonEvent,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from './event-store.errors';
import type { EventToAppend, ExpectedRevision, JsonObject, RecordedEvent } from './event-store.port';
import { markUnreadable } from './unreadable-event';

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/**
 * Our positions are commit positions. Since EventStoreDB 20, an appended event's commit and prepare positions
 * are both its own log position, so a position we handed out is a valid place to start reading. Reads start
 * there inclusively; callers drop events at or before `after` to make the bound exclusive. Negative: the start.
 */
export function toReadPosition(after: bigint): ReadPosition {
  return after < 0n ? START : { commit: after, prepare: after };
}

/** Our view of an event: undefined for system events, system streams and unresolved links. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  // The client reads a position the server did not send as 0 (protobuf's default), never as undefined: servers
  // before 22.6 send none in stream reads. No event of ours is at 0 (the log opens with the server's own
  // records, and 0 is the port's "start"), so 0 means the server gave no position.
  if (position === undefined || position === 0n) {
    throw new Error(
      `EventStoreDB reported position 0 for ${event.streamId}@${event.revision}: it gives no positions in stream reads; version 22.6 or later required`,
    );
  }
  const recorded: RecordedEvent = {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position,
    type: event.type,
    data: {},
    metadata: {},
    recordedAt: event.created.toISOString(),
  };
  try {
    return { ...recorded, data: toJsonObject(event.data), metadata: toJsonObject(event.metadata) };
  } catch (error) {
    // A binary event of another writer, or damaged JSON: delivered marked instead of failing the read.
    return markUnreadable(recorded, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function toJsonObject(value: unknown): JsonObject {
  if (value instanceof Uint8Array) return toJsonObject(JSON.parse(Buffer.from(value).toString('utf8')));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  return {};
}

/**
 * The server refuses a read of $all from a position that is not at a record boundary with gRPC status
 * INVALID_ARGUMENT and the details "Trying to read from an invalid position." (RpcExceptions.InvalidPositionException
 * in the server's source). The client has no class for it and passes it on as an UnknownError whose message is
 * grpc-js's "3 INVALID_ARGUMENT: Trying to read from an invalid position.", so the message is matched. Checked
 * against the server's and the client's source, not a running server (none runs on our machines).
 */
export function isInvalidPositionError(error: unknown): boolean {
  return error instanceof Error && /invalid.?position/i.test(error.message);
}

/** Translates the client's errors into the port's; anything else passes through unchanged. */
export function toPortError(error: unknown, streamId?: string, expected?: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(
      streamId ?? error.streamName,
      expected ?? error.expectedVersion,
      error.actualVersion,
    );
  }
  if (isAmbiguousFailure(error))
    return new EventStoreUnavailableError(`EventStoreDB: ${error.message}`, { cause: error });
  return error;
}

/**
 * Failures after which an append may or may not have been written: the deadline passed or the connection
 * dropped while the server worked, or a leader change cancelled the appends in flight. A read that fails so
 * changed nothing; an append must be settled by retrying it (see EventStoreDbEventStore.append).
 */
export function isAmbiguousFailure(
  error: unknown,
): error is UnavailableError | DeadlineExceededError | CancelledError | NotLeaderError {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  );
}
