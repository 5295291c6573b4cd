import type { Principal } from '../auth/principal';

/** Who asks, on whose behalf, and under which guarantees: everything a write needs besides the command. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
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
