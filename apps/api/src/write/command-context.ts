import type { Principal } from '../auth/principal';

/** Who asks, on whose behalf, and under which guarantees: everything a write needs besides the command. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
  /** What the key is scoped to (caller, route pattern, decoded parameters); set with the key. */
  idempotencyScope?: string;
  /**
   * Set for every request with an Idempotency-Key. The writer first looks for what a request with this key
   * appended (found by its event ids: an attempt interrupted by a crash, or the same request running at this
   * moment on another replica) and answers with it, if there is one, instead of deciding again.
   */
  idempotentRetry?: IdempotentRetry;
  /** From `If-Match`: the stream revision the caller expects; a mismatch is a 409. */
  expectedRevision?: bigint;
  /** When the step happened, as the operator reports it; defaults to now. */
  occurredAt?: string;
}

/** Shared by the idempotency interceptor, which creates it, and the writer, which says what it found. */
export interface IdempotentRetry {
  /** When the first attempt with this key began (the application's clock). */
  since: string;
  /**
   * Set by the writer when a request with this key had already appended: the answer is that request's, and
   * this one wrote nothing, so it is answered as a replay (`Idempotent-Replayed: true`).
   */
  recovered: boolean;
  /**
   * Whether another attempt with this key may already have appended, so the writer looks for its events before
   * deciding: a mark was found (an attempt stopped, or runs now on another replica), or another replica took
   * the mark first. False for the request that took the mark: it looks only after losing a race (see
   * StreamWriter), which keeps a by-id lookup (a backwards scan on EventStoreDB) off every keyed command.
   */
  lookFirst: boolean;
}

export interface WriteResult {
  streamId: string;
  revision: number;
  position: number;
}
