import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './metrics.registry';

/** Counts and times every answer, labelled by the route pattern (not the raw URL, which would explode). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
