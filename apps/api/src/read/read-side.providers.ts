import { mkdirSync } from 'node:fs';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { eventUpcasters, UpcastingEventStore } from '@app/audit';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  openProjectionDatabase,
  ProgressCalculator,
  ProgressService,
  ProjectionRunner,
  ReadModels,
  projectionDatabasePath,
  readModelProjections,
  type ProjectionLogger,
} from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { CLOCK, type Clock } from '../shared/clock';

export const READ_SIDE_DATABASE = Symbol('READ_SIDE_DATABASE');

function projectionLogger(): ProjectionLogger {
  const logger = new Logger('Projections');
  const line = (message: string, details?: Record<string, unknown>) =>
    details
      ? `${message} ${JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`
      : message;
  return {
    info: (message, details) => logger.log(line(message, details)),
    warn: (message, details) => logger.warn(line(message, details)),
    error: (message, details) => logger.error(line(message, details)),
  };
}

/** Runs the projections while the application runs: started after boot, stopped before the store closes. */
@Injectable()
export class ReadSideLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_SIDE_DATABASE) private readonly db: Database.Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
    if (this.db.open) this.db.close();
  }
}

export const readSideProviders: Provider[] = [
  {
    provide: READ_SIDE_DATABASE,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      mkdirSync(config.readModelDir, { recursive: true, mode: 0o700 });
      return openProjectionDatabase(projectionDatabasePath(config.readModelDir));
    },
  },
  {
    provide: ProjectionRunner,
    inject: [EVENT_STORE, READ_SIDE_DATABASE, CLOCK],
    useFactory: (store: EventStore, db: Database.Database, clock: Clock) =>
      new ProjectionRunner({
        // Read models see every event in its current schema (upcast on read, never rewritten).
        store: new UpcastingEventStore(store, eventUpcasters),
        db,
        projections: readModelProjections,
        clock,
        logger: projectionLogger(),
      }),
  },
  ReadSideLifecycle,
];

/** Progress against the deadline, computed from the read models (framework-free in libs/projections). */
export const progressProviders: Provider[] = [
  {
    provide: ReadModels,
    inject: [ProjectionRunner],
    useFactory: (runner: ProjectionRunner) => new ReadModels(runner),
  },
  {
    provide: ProgressCalculator,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => new ProgressCalculator({ staleAfterMs: config.staleAfterMs }),
  },
  {
    provide: ProgressService,
    inject: [ReadModels, ProgressCalculator, CLOCK],
    useFactory: (models: ReadModels, calculator: ProgressCalculator, clock: Clock) =>
      new ProgressService(models, calculator, clock),
  },
];
