import { sentence, type NotificationPayload } from './notification.payloads';
import type { DeliveryRecord, SubscriptionRecord } from './notification.store';

const instant = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function subscriptionView(subscription: SubscriptionRecord) {
  const { id, url, kinds, programId, markets, format, createdAt, createdBy } = subscription;
  return { id, url, kinds, programId, markets, format, createdAt, createdBy };
}

export function deliveryView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    kind: delivery.kind,
    status: delivery.status,
    programId: delivery.programId,
    market: delivery.market,
    attempts: delivery.attempts,
    createdAt: instant(delivery.createdAtMs)!,
    lastAttemptAt: instant(delivery.lastAttemptAtMs),
    nextAttemptAt: delivery.status === 'pending' ? instant(delivery.nextAttemptAtMs) : null,
    deliveredAt: instant(delivery.deliveredAtMs),
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    payload: JSON.parse(delivery.payload) as Record<string, unknown>,
  };
}

export function lastNotificationView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    kind: delivery.kind,
    summary: sentence(JSON.parse(delivery.payload) as NotificationPayload),
    createdAt: instant(delivery.createdAtMs)!,
    status: delivery.status,
    deliveredAt: instant(delivery.deliveredAtMs),
  };
}
