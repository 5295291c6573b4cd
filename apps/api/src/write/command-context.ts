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
   * On the retry of a request with this key whose process stopped before answering: when it began. The
   * writer then answers with what that request appended (found by its event ids), if it did, instead of
   * deciding again.
   */
  idempotentRetrySince?: string;
  /** From `If-Match`: the stream revision the caller expects; a mismatch is a 409. */
  expectedRevision?: bigint;
  /** When the step happened, as the operator reports it; defaults to now. */
  occurredAt?: string;
}

export interface WriteResult {
  streamId: string;
  revision: number;
  position: number;
}
