import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isMarketEvent, isProgramEvent, isSubscriptionEvent, type NotificationKind } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { ProgressService, ProjectionRunner, ReadModels } from '@app/projections';
import type { NotifyConfig } from '../config/app.config';
import type { Clock } from '../shared/clock';
import type { DeliveryWorker } from './delivery.worker';
import type { NotificationMetrics } from './notification.metrics';
import { marketPageUrl, type MessageKind, type NotificationPayload } from './notification.payloads';
import { eventWebhookId, marketTransitions, wants } from './notification.rules';
import type { NewDelivery, NotificationStore, SubscriptionRecord } from './notification.store';
import type { WebhookSecrets } from './webhook-secrets';

/** Events read per transaction of the log scan; between pages the scan yields to requests. */
const LOG_PAGE = 2_000;
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

/** Kinds caused by one event of the log, and the event types that cause them. */
const EVENT_KINDS: Partial<Record<string, NotificationKind>> = {
  BatchFailed: 'batch_failed',
  DeadlineRevised: 'deadline_revised',
  ScopeRevised: 'scope_revised',
  MarketCompleted: 'market_completed',
};

/**
 * Finds what to notify, from checkpointed state only, and queues it in the outbox:
 * - event-driven kinds (batch_failed, deadline_revised, scope_revised, market_completed) and the
 *   subscriptions themselves, by reading the log from the position stored with the outbox, so each event is
 *   queued once per subscription, and none is lost across restarts;
 * - time-driven kinds (status_changed, stale) by re-assessing markets with the dashboard's ProgressService,
 *   on a schedule (NOTIFY_INTERVAL_MS) and after every change of the read models, against the last state
 *   notified per subscription and market (stored), so a status is told once however long it holds;
 * - projection_stopped from the projection runner's state (a poison event).
 */
export class Notifier {
  private readonly logger = new Logger('Notifier');
  private cycle: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /**
   * Per subscription, how far the log was read when this replica first met it (at least its SubscriptionCreated
   * event): its first assessment waits for read models that far.
   */
  private readonly metAt = new Map<string, number>();

  constructor(
    private readonly store: NotificationStore,
    private readonly events: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly readModels: ReadModels,
    private readonly progress: ProgressService,
    private readonly worker: DeliveryWorker,
    private readonly secrets: WebhookSecrets,
    private readonly metrics: NotificationMetrics,
    private readonly config: NotifyConfig,
    private readonly clock: Clock,
    private readonly wallNow: () => number = Date.now,
  ) {}

  start(): void {
    this.worker.start();
    this.unsubscribe = this.runner.onChange(() => this.poke());
    this.timer = setInterval(() => this.poke(), this.config.intervalMs);
    this.timer.unref();
    this.poke();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.cycle?.catch(() => undefined);
    await this.worker.stop();
  }

  /** Runs a cycle soon; one at a time, and one more if asked while one runs. */
  poke(): void {
    void this.refresh().catch((error: unknown) =>
      this.logger.warn(`notification cycle failed: ${(error as Error).message}`),
    );
  }

  /** Reads the log up to its head and re-assesses; resolves when done (routes wait for it). */
  refresh(): Promise<void> {
    if (this.cycle) {
      this.again = true;
      return this.cycle;
    }
    this.cycle = (async () => {
      try {
        do {
          this.again = false;
          await this.readLog();
          this.assess();
          this.worker.wake();
        } while (this.again);
      } finally {
        this.cycle = undefined;
      }
    })();
    return this.cycle;
  }

  /** Queues a test message for a subscription; its webhook-id. */
  queueTest(subscription: SubscriptionRecord): string {
    const id = `msg_${randomUUID()}`;
    this.queue({
      id,
      subscriptionId: subscription.id,
      kind: 'test',
      payload: this.payload('test', { subscriptionId: subscription.id }),
    });
    this.worker.wake();
    return id;
  }

  private queue(delivery: NewDelivery): void {
    if (this.store.enqueue(delivery, this.wallNow())) this.metrics.queued.inc({ kind: delivery.kind });
  }

  private payload(kind: MessageKind, data: NotificationPayload['data']): string {
    const payload: NotificationPayload = { type: kind, timestamp: this.clock().toISOString(), data };
    return JSON.stringify(payload);
  }

  private dashboardUrl(programId: string, market?: string): string {
    return market === undefined
      ? `${this.config.publicUrl}/#/programs/${encodeURIComponent(programId)}`
      : marketPageUrl(this.config.publicUrl, programId, market);
  }

  private async readLog(): Promise<void> {
    for (;;) {
      const from = this.store.logPosition();
      const page = await this.events.readAll({ fromPosition: from, maxCount: LOG_PAGE });
      if (page.length === 0) return;
      const queued: string[] = [];
      const applied = this.store.applyLogBatch(from, page[page.length - 1].position, () => {
        for (const event of page) queued.push(...this.applyEvent(event));
      });
      if (applied) for (const kind of queued) this.metrics.queued.inc({ kind });
      if (page.length === LOG_PAGE) await nextMacrotask();
    }
  }

  /** Inside the log batch's transaction: the catalogue of subscriptions and the event-driven kinds. */
  private applyEvent(event: RecordedEvent): string[] {
    const recordedAt =
      typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt;
    if (isSubscriptionEvent(event)) {
      if (event.type === 'SubscriptionCreated') {
        const actor = typeof event.metadata.actor === 'string' ? event.metadata.actor : 'unknown';
        const { sealedUrl, host: _host, ...rest } = event.data;
        this.store.addSubscription(
          { ...rest, url: this.openUrl(event.data.subscriptionId, sealedUrl) },
          recordedAt,
          actor,
        );
      } else this.store.removeSubscription(event.data.subscriptionId, recordedAt);
      return [];
    }
    const kind = EVENT_KINDS[event.type];
    if (kind === undefined || !(isMarketEvent(event) || isProgramEvent(event))) return [];
    const data = event.data as Record<string, unknown> & { programId: string; market?: string };
    const occurredAt = typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : recordedAt;
    const queued: string[] = [];
    for (const subscription of this.store.activeSubscriptions()) {
      if (!wants(subscription, kind, data.programId, data.market)) continue;
      const delivery: NewDelivery = {
        id: eventWebhookId(subscription.id, event.id),
        subscriptionId: subscription.id,
        kind,
        programId: data.programId,
        market: data.market,
        payload: this.payload(kind, {
          ...data,
          occurredAt,
          recordedAt,
          position: Number(event.position),
          dashboardUrl: this.dashboardUrl(data.programId, data.market),
        }),
      };
      if (this.store.enqueue(delivery, this.wallNow())) queued.push(kind);
    }
    return queued;
  }

  /** The subscription's URL; '' (every delivery then fails, and says why) when the webhook key changed. */
  private openUrl(subscriptionId: string, sealedUrl: string): string {
    try {
      return this.secrets.open(sealedUrl);
    } catch (error) {
      this.logger.error(
        `the URL of subscription ${subscriptionId} cannot be opened (${(error as Error).message}): was webhook-key replaced?`,
      );
      return '';
    }
  }

  /** Time-driven kinds and stopped projections, against the last state told to each subscription. */
  private assess(): void {
    const subscriptions = this.store.activeSubscriptions();
    const read = Number(this.store.logPosition() ?? 0n);
    for (const { id } of subscriptions) if (!this.metAt.has(id)) this.metAt.set(id, read);
    const byMarket = subscriptions.filter(
      (s) => s.kinds.includes('status_changed') || s.kinds.includes('stale'),
    );
    if (byMarket.length > 0) this.assessMarkets(byMarket);
    const byProjection = subscriptions.filter((s) => s.kinds.includes('projection_stopped'));
    if (byProjection.length > 0) this.assessProjections(byProjection);
  }

  private assessMarkets(subscriptions: SubscriptionRecord[]): void {
    // A trailing projection (the as-of index) holds no market status: its catching up delays nothing here.
    const statuses = this.runner.status().filter((p) => !p.trailing);
    // Read models still catching up show the past: their statuses would be told as news.
    if (statuses.some((p) => p.status === 'catching_up')) return;
    // The read models' position: the least advanced projection's checkpoint.
    const readPosition = Math.min(...statuses.map((p) => Number(p.checkpoint)));
    const at = this.clock().toISOString();
    const programIds = new Set(
      subscriptions.some((s) => s.programId === null)
        ? this.readModels.programs().map((p) => p.program_id)
        : subscriptions.map((s) => s.programId!),
    );
    for (const programId of programIds) {
      if (this.readModels.program(programId) === undefined) continue;
      for (const view of this.progress.programProgress(programId).markets) {
        const seen = { status: view.status, stale: view.stale, readPosition };
        for (const subscription of subscriptions) {
          if (subscription.programId !== null && subscription.programId !== programId) continue;
          if (subscription.markets !== null && !subscription.markets.includes(view.market)) continue;
          const queued = this.store.transition(
            subscription.id,
            `market:${programId}/${view.market}`,
            seen,
            at,
            (previous) =>
              marketTransitions(previous, seen)
                .filter((kind) => subscription.kinds.includes(kind))
                .map((kind) => ({
                  id: `msg_${randomUUID()}`,
                  subscriptionId: subscription.id,
                  kind,
                  programId,
                  market: view.market,
                  payload: this.payload(kind, {
                    programId,
                    market: view.market,
                    ...(kind === 'status_changed'
                      ? { from: previous!.status, to: view.status }
                      : { status: view.status, lastStepAt: view.lastStep.occurredAt }),
                    reasons: [...view.reasons],
                    stale: view.stale,
                    percentVerified: view.percentVerified,
                    phase: view.phase,
                    dashboardUrl: this.dashboardUrl(programId, view.market),
                  }),
                })),
            this.wallNow(),
            this.metAt.get(subscription.id),
          );
          for (const { kind } of queued) this.metrics.queued.inc({ kind });
        }
      }
    }
  }

  private assessProjections(subscriptions: SubscriptionRecord[]): void {
    const at = this.clock().toISOString();
    for (const projection of this.runner.status()) {
      const poison = projection.status === 'failed' ? projection.poison : undefined;
      const status = poison ? `stopped@${poison.position}` : 'running';
      for (const subscription of subscriptions) {
        const queued = this.store.transition(
          subscription.id,
          `projection:${projection.name}`,
          { status, stale: false, readPosition: 0 },
          at,
          () =>
            poison
              ? [
                  {
                    id: `msg_${randomUUID()}`,
                    subscriptionId: subscription.id,
                    kind: 'projection_stopped',
                    payload: this.payload('projection_stopped', {
                      projection: projection.name,
                      position: Number(poison.position),
                      streamId: poison.streamId,
                      eventType: poison.type,
                      error: poison.error,
                    }),
                  },
                ]
              : [],
          this.wallNow(),
        );
        for (const { kind } of queued) this.metrics.queued.inc({ kind });
      }
    }
  }
}
