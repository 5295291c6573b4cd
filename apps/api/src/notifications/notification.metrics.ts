import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { AppMetrics } from '../metrics/metrics.registry';
import { NotificationStore } from './notification.store';

/** Delivery outcomes of one attempt: delivered, retried later, failed for good, refused (address). */
export type AttemptOutcome = 'delivered' | 'retried' | 'failed' | 'refused';

/** Series of webhook notifications, named by Prometheus conventions (`_total` counters, base units). */
@Injectable()
export class NotificationMetrics {
  readonly queued: Counter<'kind'>;
  readonly attempts: Counter<'outcome'>;
  readonly duration: Histogram<'outcome'>;

  constructor(metrics: AppMetrics, store: NotificationStore) {
    const registers = [metrics.registry];
    this.queued = new Counter({
      name: 'tracker_notifications_queued_total',
      help: 'Notifications queued for delivery, by kind (one per subscription told)',
      labelNames: ['kind'] as const,
      registers,
    });
    this.attempts = new Counter({
      name: 'tracker_webhook_deliveries_total',
      help:
        'Webhook delivery attempts by outcome: delivered (2xx), retried (will be tried again), failed (gave up ' +
        'after WEBHOOK_RETRY_FOR_MS), refused (the host resolves to a non-public address not allowed)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.duration = new Histogram({
      name: 'tracker_webhook_delivery_duration_seconds',
      help: 'Time of one webhook delivery attempt, resolution to answer, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: 'tracker_webhook_outbox_messages',
      help: 'Messages in the shared outbox by status (pending, delivered, failed, cancelled)',
      labelNames: ['status'] as const,
      registers,
      collect() {
        for (const [status, count] of Object.entries(store.countByStatus())) this.set({ status }, count);
      },
    });
  }
}
