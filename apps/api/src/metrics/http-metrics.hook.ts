import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './metrics.registry';

/** The `route` label of a request that matched no route (a 404 of the router). */
export const UNMATCHED_ROUTE = 'unmatched';
/** The `route` label of every file served as it is: the dashboard's page and hashed assets, the docs' files. */
export const STATIC_ROUTE = 'static';

/**
 * The `route` label: the route pattern (`/programs/:programId/progress`), never the raw URL. Files get one
 * value between them: the dashboard's assets have a content hash in their names, so a label per file would
 * add series with every build.
 */
export function routeLabel(pattern: string | undefined): string {
  if (pattern === undefined) return UNMATCHED_ROUTE;
  if (pattern.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(pattern)) return STATIC_ROUTE;
  return pattern;
}

/** Counts and times every answer, labelled by the route pattern (not the raw URL, which would explode). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeLabel(request.routeOptions.url);
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
