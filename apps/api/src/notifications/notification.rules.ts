import { createHash } from 'node:crypto';
import type { NotificationKind } from '@app/domain';
import type { NotifiedState, SubscriptionRecord } from './notification.store';

/** Whether a subscription wants this kind about this program and market. */
export function wants(
  subscription: SubscriptionRecord,
  kind: NotificationKind,
  programId?: string,
  market?: string,
): boolean {
  if (!subscription.kinds.includes(kind)) return false;
  if (subscription.programId !== null && programId !== undefined && subscription.programId !== programId)
    return false;
  if (subscription.markets !== null && market !== undefined && !subscription.markets.includes(market))
    return false;
  return true;
}

/**
 * The webhook-id of a notification caused by one event, the same whoever computes it (another replica, a
 * re-read of the log): the outbox keeps it once.
 */
export function eventWebhookId(subscriptionId: string, eventId: string): string {
  return `msg_${createHash('sha256').update(`${subscriptionId}\n${eventId}`).digest('base64url').slice(0, 32)}`;
}

/** Which kinds a change of a market's assessment is, for a subscription; the first sight of a market is none. */
export function marketTransitions(
  previous: NotifiedState | undefined,
  seen: NotifiedState,
): ('status_changed' | 'stale')[] {
  if (previous === undefined) return [];
  const kinds: ('status_changed' | 'stale')[] = [];
  if (previous.status !== seen.status) kinds.push('status_changed');
  if (seen.stale && !previous.stale) kinds.push('stale');
  return kinds;
}
