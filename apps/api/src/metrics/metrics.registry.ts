import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The application's Prometheus registry. One per app instance (not prom-client's global one), so that
 * several apps in one process (tests, benchmarks) count separately.
 */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'tracker_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'tracker_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'tracker_events_appended_total',
    help: 'Events appended to the store, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'tracker_command_duration_seconds',
    help: 'Time to decide and append a command (load, decide, append), by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly logEventsSkipped = new Counter({
    name: 'tracker_log_events_skipped_total',
    help:
      'Events of the global log skipped by a reader: reason foreign (not a tracker stream) or unreadable ' +
      '(data or metadata not JSON). Counts skips, so an event read by several readers counts once per read',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Unprefixed (process_cpu_seconds_total, nodejs_heap_size_used_bytes, ...): the names stock dashboards
    // and alerts look for.
    collectDefaultMetrics({ register: this.registry });
  }
}
