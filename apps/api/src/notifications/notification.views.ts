import { sentence, type NotificationPayload } from './notification.payloads';
import type { DeliveryRecord, NoticeCopies, SubscriptionRecord } from './notification.store';

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

const statusOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The newest notice about a market as the dashboard shows it: what it said (the chat sentence, and the
 * market's status it told, if it told one) and how its copies fared, one per subscription told.
 */
export function lastNotificationView(delivery: DeliveryRecord, copies: NoticeCopies) {
  const payload = JSON.parse(delivery.payload) as NotificationPayload;
  const told = payload.type === 'status_changed' ? payload.data.to : payload.data.status;
  return {
    id: delivery.id,
    kind: delivery.kind,
    summary: sentence(payload),
    marketStatus: statusOrNull(told),
    previousStatus: payload.type === 'status_changed' ? statusOrNull(payload.data.from) : null,
    noticedAt: payload.timestamp,
    createdAt: instant(delivery.createdAtMs)!,
    status: delivery.status,
    deliveredAt: instant(delivery.deliveredAtMs),
    deliveries: copies,
  };
}
