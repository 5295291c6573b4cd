import type { RecordedEvent } from './event-store.port';

const reasons = new WeakMap<object, string>();

/**
 * An event the store holds but cannot read: its data or metadata is not JSON (written by another program, or
 * damaged). Adapters deliver it with empty data and metadata and this mark, instead of failing the whole
 * read, so that readers of the log skip it by rule and report it (see FilteredEventStore) rather than stall.
 */
export function markUnreadable<T extends object>(event: T, reason: string): T {
  reasons.set(event, reason);
  return event;
}

/** Why the store could not read this event, or undefined for an ordinary event. */
export function unreadableReason(event: RecordedEvent): string | undefined {
  return reasons.get(event);
}
