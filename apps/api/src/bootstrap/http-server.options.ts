import type { FastifyServerOptions } from 'fastify';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app.config';

/**
 * Timeouts of the HTTP server. They bound how long a client may take to *send* its request (headers, then the
 * whole body) and to sit idle between keep-alive requests; an answer being sent, such as a live SSE stream,
 * is not a request being received and is not cut.
 */
export function httpServerOptions(
  config: AppConfig,
): FastifyServerOptions & { http: Record<string, unknown> } {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  return {
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    trustProxy: config.http.trustProxy ?? false,
    // Path parameters up to this length reach the routes and their validation (batch ids may be 128 long);
    // Fastify's default of 100 answered longer ones with a 414 of its own shape.
    routerOptions: { maxParamLength: 512 },
    http: {
      headersTimeout: headersTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default, longer than they may be).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    },
  };
}

/** Connections beyond the cap are closed as they arrive, before they cost a request. */
export function capConnections(server: Server, config: AppConfig): void {
  server.maxConnections = config.http.maxConnections;
}
