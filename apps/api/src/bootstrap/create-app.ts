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
import { restrictFileModes } from './file-modes';
import { capConnections, httpServerOptions } from './http-server.options';
import { registerJsonBodyParser } from './json-body.parser';
import { registerRateLimits } from './rate-limits';
import { registerSecurityHeaders } from './security-headers';
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
  restrictFileModes([config.dataDir, config.readModelDir]);
  const registry =
    options.registry ??
    (config.apiKeys
      ? ApiKeyRegistry.fromSpec(config.apiKeys)
      : ApiKeyRegistry.fromDataDir(config.dataDir).registry);
  const adapter = new FastifyAdapter(httpServerOptions(config));
  const fastify = adapter.getInstance();
  capConnections(fastify.server, config);
  registerJsonBodyParser(fastify, {
    bodyLimitBytes: config.bodyLimitBytes,
    discardLimitBytes: config.http.bodyDiscardLimitBytes,
    maxDepth: config.http.jsonMaxDepth,
  });
  const metrics = new AppMetrics();
  registerHttpMetrics(fastify, metrics);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, registry, metrics, clock: options.clock }),
    adapter,
    // Nest's own body parsers would replace ours (json-body.parser.ts); form bodies get 415: the API is JSON.
    { bufferLogs: true, bodyParser: false },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  // Before any route: helmet's per-route policy for /docs is attached as the routes are registered.
  await registerSecurityHeaders(app);
  await registerRateLimits(app, config.http, registry, config.metricsToken);
  setupSwagger(app);
  await registerDashboard(app, undefined, (message) => logger.warn(message, 'Dashboard'));
  return app;
}
