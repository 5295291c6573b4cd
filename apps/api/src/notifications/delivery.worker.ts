import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NotifyConfig } from '../config/app.config';
import { AddressRefusedError } from './address-guard';
import type { AttemptOutcome, NotificationMetrics } from './notification.metrics';
import { formatBody, type NotificationPayload } from './notification.payloads';
import type { DeliveryRecord, NotificationStore } from './notification.store';
import type { WebhookSecrets } from './webhook-secrets';
import { sendWebhook } from './webhook-sender';

/** How often the outbox is looked at for due messages (retries, and messages queued by another replica). */
const POLL_MS = 250;
const MAX_DELAY_MS = 3_600_000;

/** Retry n (1-based) waits base × 2^(n-1), at most an hour, times a random 0.5 to 1 (receivers recovering from
 * an outage are not hit by every sender at the same instant). */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(delay * (0.5 + random() / 2));
}

/**
 * Sends the outbox, at least once: a message is claimed with a lease (no other replica sends it meanwhile),
 * sent, and settled as delivered, to be retried, or failed once it has been failing for WEBHOOK_RETRY_FOR_MS.
 * A process killed mid-attempt leaves the lease to expire; the message is then sent again with the same
 * webhook-id, which receivers deduplicate on. At most WEBHOOK_CONCURRENCY attempts run at once, each bounded
 * by WEBHOOK_TIMEOUT_MS, so a slow receiver takes a slot, never the server.
 *
 * Times here are the machine's wall clock, not the tracker's clock: a retry is due after real seconds, and
 * `webhook-timestamp` is checked by receivers against their own clocks (TRACKER_NOW must not move it).
 */
export class DeliveryWorker {
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private readonly logger = new Logger('Webhooks');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: NotificationStore,
    private readonly secrets: WebhookSecrets,
    private readonly metrics: NotificationMetrics,
    private readonly config: NotifyConfig,
    private readonly wallNow: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Claims and sends what is due, up to the free slots. */
  wake(): void {
    if (this.stopping.signal.aborted) return;
    const free = this.config.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.wallNow();
    // The lease outlasts one attempt (its timeout) with room for the settle.
    const leaseUntil = now + this.config.timeoutMs + 5_000;
    let claimed: DeliveryRecord[];
    try {
      claimed = this.store.claim(this.owner, now, leaseUntil, free);
    } catch (error) {
      this.logger.warn(`outbox not readable now: ${(error as Error).message}`);
      return;
    }
    for (const delivery of claimed) {
      const attempt = this.attempt(delivery).finally(() => {
        this.inFlight.delete(attempt);
        this.wake();
      });
      this.inFlight.add(attempt);
    }
  }

  /** The message once its first attempt is settled, or as it stands after one attempt's time (test route). */
  async firstOutcome(id: string): Promise<DeliveryRecord | undefined> {
    const deadline = this.wallNow() + this.config.timeoutMs + 2_000;
    let delivery = this.store.delivery(id);
    const settled = (d: DeliveryRecord) =>
      d.status !== 'pending' || d.lastStatus !== null || d.lastError !== null;
    while (delivery && !settled(delivery) && this.wallNow() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivery = this.store.delivery(id);
    }
    return delivery;
  }

  /** Stops taking messages and abandons attempts under way (their leases expire; they are sent again). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const subscription = this.store.subscription(delivery.subscriptionId);
    if (subscription === undefined || subscription.removedAt !== null) {
      // Removed since the message was queued (removal cancels what it finds; this one was being sent).
      this.store.settle(delivery.id, this.owner, { status: 'cancelled', atMs: this.wallNow() }, {});
      return;
    }
    const started = this.wallNow();
    if (!URL.canParse(subscription.url)) {
      // Its sealed URL could not be opened (webhook-key replaced): no retry can succeed.
      const error = 'the subscription URL cannot be opened (was DATA_DIR/webhook-key replaced?)';
      return this.settle(delivery, subscription.id, 'failed', { error }, started, undefined);
    }
    let outcome: AttemptOutcome;
    let answer: { httpStatus?: number; error?: string };
    try {
      const payload = JSON.parse(delivery.payload) as NotificationPayload;
      const httpStatus = await sendWebhook(
        {
          url: subscription.url,
          secret: this.secrets.secretOf(subscription.id),
          webhookId: delivery.id,
          sentAt: new Date(started),
          body: formatBody(payload, subscription.format),
        },
        {
          timeoutMs: this.config.timeoutMs,
          allowedHosts: this.config.allowedHosts,
          stop: this.stopping.signal,
        },
      );
      answer = {
        httpStatus,
        error: httpStatus >= 200 && httpStatus < 300 ? undefined : `HTTP ${httpStatus}`,
      };
      outcome = answer.error === undefined ? 'delivered' : 'retried';
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      answer = { error: (error as Error).message };
      outcome = error instanceof AddressRefusedError ? 'refused' : 'retried';
    }
    const now = this.wallNow();
    let next: number | undefined;
    if (outcome === 'retried') {
      next = now + retryDelayMs(delivery.attempts, this.config.retryBaseMs);
      if (next - delivery.createdAtMs > this.config.retryForMs) outcome = 'failed';
    }
    this.settle(delivery, subscription.id, outcome, answer, started, next);
  }

  /** Records the attempt's outcome (if this replica still holds the lease), in the metrics and, when given up, the log. */
  private settle(
    delivery: DeliveryRecord,
    subscriptionId: string,
    outcome: AttemptOutcome,
    answer: { httpStatus?: number; error?: string },
    started: number,
    next: number | undefined,
  ): void {
    const now = this.wallNow();
    const status = outcome === 'delivered' ? 'delivered' : outcome === 'retried' ? 'pending' : 'failed';
    if (this.store.settle(delivery.id, this.owner, { status, nextAttemptAtMs: next, atMs: now }, answer)) {
      this.metrics.attempts.inc({ outcome });
      this.metrics.duration.observe({ outcome }, (now - started) / 1000);
      if (outcome === 'failed' || outcome === 'refused')
        this.logger.warn(`webhook ${delivery.id} to subscription ${subscriptionId} failed: ${answer.error}`);
    }
  }
}
