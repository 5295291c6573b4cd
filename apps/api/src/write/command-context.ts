import type { Principal } from '../auth/principal';

/** Who asks, on whose behalf, and under which guarantees: everything a write needs besides the command. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  causationId?: string;
  /** Recorded in the envelope of the events written. */
  idempotencyKey?: string;
  /**
   * Set on command routes for a request with an Idempotency-Key: the writer runs the command through
   * IdempotentWrites (the answer kept, a retry answered with it) and derives event ids from the key.
   */
  idempotency?: KeyedRequest;
  /** Told when the answer is an earlier request's with the same key (`Idempotent-Replayed: true`). */
  onReplayed?: () => void;
  /** From `If-Match`: the stream revision the caller expects; a mismatch is a 409. */
  expectedRevision?: bigint;
  /** When the step happened, as the operator reports it; defaults to now. */
  occurredAt?: string;
}

/** A request with an Idempotency-Key, as IdempotentWrites keeps its answer. */
export interface KeyedRequest {
  key: string;
  /** What the key is scoped to: caller, route pattern, decoded parameters (idempotencyScope). */
  scope: string;
  /** The raw-path scope of earlier versions: answers kept under it still replay. */
  legacyScope: string;
  /** Of the body and If-Match: the same key with another request is refused. */
  fingerprint: string;
}

/** Made by IdempotentWrites for one attempt and passed to the writer, which says what it found. */
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
