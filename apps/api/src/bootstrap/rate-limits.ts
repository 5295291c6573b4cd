import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyRegistry } from '../auth/api-key-registry';
import type { HttpLimits } from '../config/app.config';
import { TooManyRequestsError } from '../errors/api.errors';

const MINUTE_MS = 60_000;

/**
 * Routes that replay or walk the whole log (or sign): cheap to ask, costly to answer. Progress routes are
 * costly only with `?asOf=` (a replay); without it they read the read models.
 */
const COSTLY_ROUTES: { method: string; url: string; onlyWithAsOf?: boolean }[] = [
  { method: 'GET', url: '/programs/:programId/progress', onlyWithAsOf: true },
  { method: 'GET', url: '/programs/:programId/markets/:market/progress', onlyWithAsOf: true },
  { method: 'GET', url: '/programs/:programId/diff' },
  { method: 'GET', url: '/audit/verify' },
  { method: 'GET', url: '/audit/bundle' },
  { method: 'POST', url: '/audit/checkpoints' },
  { method: 'POST', url: '/audit/keys/rotate' },
];

function isCostly(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return COSTLY_ROUTES.some(
    (route) =>
      route.method === request.method &&
      route.url === url &&
      (!route.onlyWithAsOf || (request.query as Record<string, unknown>).asOf !== undefined),
  );
}

function bearer(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * Two limits through @fastify/rate-limit, both answering 429 with `Retry-After` and the JSON error body:
 * requests presenting an unknown credential, per client address (guessing keys); and each costly route, per
 * API key. A request without any credential is not a guess: it gets its 401 and counts nowhere.
 */
export async function registerRateLimits(
  app: NestFastifyApplication,
  limits: HttpLimits,
  registry: ApiKeyRegistry,
  metricsToken: string | undefined,
): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
  const fastify = app.getHttpAdapter().getInstance();
  const tooMany =
    (what: string) =>
    (_request: FastifyRequest, context: { max: number; ttl: number }): TooManyRequestsError =>
      new TooManyRequestsError(
        `Too many ${what}: at most ${context.max} a minute. Retry in ${Math.ceil(context.ttl / 1000)} s.`,
        Math.ceil(context.ttl / 1000),
        { limit: context.max },
      );
  const authFailures = fastify.rateLimit({
    max: limits.authFailuresPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: tooMany('requests with an unknown key from this address'),
  });
  const costly = fastify.rateLimit({
    max: limits.costlyRequestsPerMinute,
    timeWindow: MINUTE_MS,
    // The key's name (not the key itself) plus the route: each costly route has its own budget.
    keyGenerator: (request) =>
      `${registry.identify(bearer(request) ?? '')?.name ?? request.ip} ${request.method} ${request.routeOptions.url}`,
    errorResponseBuilder: tooMany('calls of this route with this key'),
  });
  const knownCredential = (request: FastifyRequest): boolean => {
    const token = bearer(request);
    if (token === undefined) return false;
    return registry.identify(token) !== undefined || (metricsToken !== undefined && token === metricsToken);
  };
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== undefined && !knownCredential(request)) {
      return authFailures.call(fastify, request, reply);
    }
    if (isCostly(request)) return costly.call(fastify, request, reply);
  });
}
