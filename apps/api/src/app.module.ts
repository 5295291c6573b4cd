import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { join } from 'node:path';
import { isTrackerStream, TRACKER_STREAM_REGEX } from '@app/audit';
import {
  createEventStore,
  EVENT_STORE,
  FilteredEventStore,
  storeIdentity,
  type EventStore,
} from '@app/event-store';
import { auditControllers, auditProviders } from './audit/audit';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { commandControllers, commandHandlers } from './commands/commands';
import { APP_CONFIG, type AppConfig } from './config/app.config';
import { ErrorResponseFilter } from './errors/error-response.filter';
import { createValidationPipe } from './errors/validation.pipe';
import { EventStoreHealthIndicator } from './health/event-store.health';
import { HealthController } from './health/health.controller';
import { historyControllers, queryHandlers } from './history/history';
import { MetricsController } from './metrics/metrics.controller';
import { AppMetrics } from './metrics/metrics.registry';
import { IdempotentWrites } from './idempotency/idempotent-writes';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { notificationControllers, notificationProviders } from './notifications/notifications';
import { readControllers, readProviders, readQueryHandlers } from './read/read';
import { CLOCK, systemClock, type Clock } from './shared/clock';
import { MarketWriter } from './write/market-writer';
import { StreamWriter } from './write/stream-writer';

export interface AppModuleOptions {
  config: AppConfig;
  registry: ApiKeyRegistry;
  metrics: AppMetrics;
  clock?: Clock;
}

/** Closes what the module opened, after the HTTP server stopped taking requests. */
class StorageLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.idempotency.close();
    await this.store.close();
  }
}

const writers = [StreamWriter, MarketWriter];

@Module({})
export class AppModule {
  static register({ config, registry, metrics, clock = systemClock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ errorLogStyle: 'pretty' }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Every header that carries a credential, in requests and in answers.
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers["proxy-authorization"]',
                'req.headers.cookie',
                'req.headers["x-api-key"]',
                'res.headers["set-cookie"]',
              ],
              censor: '[Redacted]',
            },
            customProps: () => ({ service: 'migration-tracker' }),
          },
        }),
      ],
      controllers: [
        ...commandControllers,
        ...historyControllers,
        ...readControllers,
        ...auditControllers,
        ...notificationControllers,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: ApiKeyRegistry, useValue: registry },
        { provide: AppMetrics, useValue: metrics },
        {
          // The tracker's view of the store: its own streams only, unreadable events skipped and reported
          // (see isTrackerStream); on EventStoreDB subscriptions also filter on the server.
          provide: FilteredEventStore,
          useFactory: () =>
            new FilteredEventStore(
              createEventStore({
                dataDir: config.dataDir,
                eventStoreConnectionString: config.eventStoreConnectionString,
                durability: config.durability,
                positionGaps: config.positionGaps,
                clock,
                streamFilterRegex: TRACKER_STREAM_REGEX,
              }),
              isTrackerStream,
              (reason) => metrics.logEventsSkipped.inc({ reason }),
            ),
        },
        { provide: EVENT_STORE, useExisting: FilteredEventStore },
        {
          provide: IdempotencyStore,
          useFactory: async (events: EventStore) => {
            const store = new IdempotencyStore(join(config.dataDir, 'idempotency.sqlite'));
            if (store.bindToStore(await storeIdentity(events)) === 'cleared') {
              new Logger('Idempotency').warn('answers given over another event store were dropped');
            }
            return store;
          },
          inject: [EVENT_STORE],
        },
        StorageLifecycle,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        IdempotentWrites,
        EventStoreHealthIndicator,
        ...writers,
        ...commandHandlers,
        ...queryHandlers,
        ...readQueryHandlers,
        ...readProviders,
        ...auditProviders,
        ...notificationProviders,
      ],
    };
  }
}
