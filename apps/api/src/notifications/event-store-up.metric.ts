import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { AppMetrics } from '../metrics/metrics.registry';

/** A scrape must not wait on a store that does not answer. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * `tracker_event_store_up`: 1 when the event store answered a one-event read at scrape time, 0 when it failed
 * or took longer than 2 s. The alert rule EventStoreUnreachable reads it: a tracker that is up but cannot
 * reach its store accepts no step, and `up` alone would not say so.
 */
@Injectable()
export class EventStoreUpMetric {
  constructor(metrics: AppMetrics, @Inject(EVENT_STORE) store: EventStore) {
    new Gauge({
      name: 'tracker_event_store_up',
      help: '1 when the event store answered a read at scrape time (within 2 s), else 0',
      registers: [metrics.registry],
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
        });
        try {
          await Promise.race([store.readAll({ maxCount: 1 }), timeout]);
          this.set(1);
        } catch {
          this.set(0);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }
}
