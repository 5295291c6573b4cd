import type { ExpectedRevision } from './event-store.port';

/** Raised when the stream's revision does not match the expected revision of an append. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)} but the stream is at ${String(actual)}`);
  }
}

/** Raised when an append or read cannot be carried out because the store is closed or unreachable. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
}

/**
 * Raised when an append carries event ids that the store already holds, other than as an exact retry of an
 * earlier append (same ids, same stream, same place), which is answered idempotently instead.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${streamId}: event ids already used elsewhere: ${eventIds.join(', ')}`);
  }
}

/**
 * Raised when an append failed in a way that does not tell whether it was written (a deadline, a lost
 * connection, a leader change) and retrying it with the same event ids and expectation did not settle it
 * either. The events may be stored: the caller must assume neither outcome. Appending the same events again
 * (same ids, same expected revision) settles it, as does looking for their ids.
 */
export class AppendOutcomeUnknownError extends Error {
  override readonly name = 'AppendOutcomeUnknownError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
    options?: ErrorOptions,
  ) {
    super(`Stream ${streamId}: the store did not say whether the append was written`, options);
  }
}

/**
 * Raised by readAll for a fromPosition that is neither the start (0) nor the position of an event in the log.
 * Positions are opaque (EventStoreDB's are byte offsets with gaps): one cannot be made up or counted to.
 */
export class InvalidPositionError extends Error {
  override readonly name = 'InvalidPositionError';
  constructor(readonly position: bigint) {
    super(`Position ${position} is not the position of an event in the log`);
  }
}
