/** An event as the verifier reads it: the stored form, whatever the source (store, bundle file). */
export interface AuditEvent {
  position: bigint;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** The exact text the stored hash claims to cover, when the source holds it (bundle lines, format 2). */
  hashedText?: string;
  /**
   * Set by a reader that has itself found the stored hash (metadata.hash) to be the SHA-256 of the event's
   * text (the bundle reader's threads): `type` and `data` are then left out, as nothing else needs them.
   */
  hashVerified?: true;
  /** With hashVerified: the 32 bytes of the stored hash (the event's leaf data), read along with it. */
  leafData?: Buffer;
  /** Set when the stored row could not be parsed; the rest is then whatever could be read. */
  unreadable?: string;
}

export type AuditEventSource = AsyncIterable<AuditEvent> | Iterable<AuditEvent>;
