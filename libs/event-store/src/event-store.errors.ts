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
