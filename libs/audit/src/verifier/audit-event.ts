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
  /** Set when the stored row could not be parsed; the rest is then whatever could be read. */
  unreadable?: string;
}

export type AuditEventSource = AsyncIterable<AuditEvent> | Iterable<AuditEvent>;
