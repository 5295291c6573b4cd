import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import type { AppConfig } from '../config/app.config';
import { registerDashboard } from '../dashboard/dashboard.static';
import { registerHttpMetrics } from '../metrics/http-metrics.hook';
import { AppMetrics } from '../metrics/metrics.registry';
import type { Clock } from '../shared/clock';
import { setupSwagger } from './swagger';

export interface CreateAppOptions {
  clock?: Clock;
  /** Known keys; by default from API_KEYS or the data dir's keys file. */
  registry?: ApiKeyRegistry;
}

/** Builds the API application (not yet listening): used by main.ts, the tests and the benchmarks. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const registry =
    options.registry ??
    (config.apiKeys
      ? ApiKeyRegistry.fromSpec(config.apiKeys)
      : ApiKeyRegistry.fromDataDir(config.dataDir).registry);
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const metrics = new AppMetrics();
  registerHttpMetrics(adapter.getInstance(), metrics);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, registry, metrics, clock: options.clock }),
    adapter,
    { bufferLogs: true },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  setupSwagger(app);
  await registerDashboard(app, undefined, (message) => logger.warn(message, 'Dashboard'));
  return app;
}
