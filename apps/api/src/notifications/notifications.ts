import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import { join } from 'node:path';
import { EVENT_STORE, storeIdentity, type EventStore } from '@app/event-store';
import { ProgressService, ProjectionRunner, ReadModels } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { CLOCK, type Clock } from '../shared/clock';
import { DeliveryWorker } from './delivery.worker';
import { EventStoreUpMetric } from './event-store-up.metric';
import { NotificationMetrics } from './notification.metrics';
import { NotificationStore } from './notification.store';
import { Notifier } from './notifier.service';
import { ProgramNotificationsController } from './program-notifications.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { WebhookSecrets } from './webhook-secrets';

/** Starts the notifier once the read side runs; stops it (and abandons attempts under way) at shutdown. */
@Injectable()
export class NotificationsLifecycle
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  constructor(
    private readonly notifier: Notifier,
    private readonly store: NotificationStore,
  ) {}

  onApplicationBootstrap(): void {
    this.notifier.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.notifier.stop();
  }

  onApplicationShutdown(): void {
    this.store.close();
  }
}

export const notificationControllers = [SubscriptionsController, ProgramNotificationsController];

export const notificationProviders: Provider[] = [
  {
    // Shared by the replicas on one data dir, like idempotency.sqlite.
    provide: NotificationStore,
    inject: [APP_CONFIG, EVENT_STORE],
    useFactory: async (config: AppConfig, events: EventStore) => {
      const store = new NotificationStore(join(config.dataDir, 'notifications.sqlite'));
      if (store.bindToStore(await storeIdentity(events)) === 'cleared') {
        new Logger('Notifier').warn('subscriptions and outbox read from another event store were dropped');
      }
      return store;
    },
  },
  {
    provide: WebhookSecrets,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => new WebhookSecrets(config.dataDir),
  },
  NotificationMetrics,
  {
    provide: DeliveryWorker,
    inject: [NotificationStore, WebhookSecrets, NotificationMetrics, APP_CONFIG],
    useFactory: (
      store: NotificationStore,
      secrets: WebhookSecrets,
      metrics: NotificationMetrics,
      config: AppConfig,
    ) => new DeliveryWorker(store, secrets, metrics, config.notify),
  },
  {
    provide: Notifier,
    inject: [
      NotificationStore,
      EVENT_STORE,
      ProjectionRunner,
      ReadModels,
      ProgressService,
      DeliveryWorker,
      WebhookSecrets,
      NotificationMetrics,
      APP_CONFIG,
      CLOCK,
    ],
    useFactory: (
      store: NotificationStore,
      events: EventStore,
      runner: ProjectionRunner,
      readModels: ReadModels,
      progress: ProgressService,
      worker: DeliveryWorker,
      secrets: WebhookSecrets,
      metrics: NotificationMetrics,
      config: AppConfig,
      clock: Clock,
    ) =>
      new Notifier(
        store,
        events,
        runner,
        readModels,
        progress,
        worker,
        secrets,
        metrics,
        config.notify,
        clock,
      ),
  },
  NotificationsLifecycle,
  // For the alert rule EventStoreUnreachable (docker/prometheus/alerts.yml).
  EventStoreUpMetric,
];
