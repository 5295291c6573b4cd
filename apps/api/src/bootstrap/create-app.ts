import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import type { AppConfig } from '../config/app.config';
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
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, registry, clock: options.clock }),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
