import { Counter, Gauge } from 'prom-client';
import type { AppMetrics } from '../metrics/metrics.registry';
import type { StreamStateCache } from './stream-state.cache';

/**
 * The write side's cache of folded states, read when Prometheus scrapes: its budget (`WRITE_CACHE_MB`, or less
 * under a small heap limit: see writeCacheBudget), its weight against it, its entries, and how many it dropped
 * to stay within the budget (each one a full fold on its next command).
 * Registered once per registry: a second writer on the same registry (only in tests) is not reported.
 */
export function watchWriteCache(metrics: AppMetrics, cache: StreamStateCache): void {
  const registers = [metrics.registry];
  if (metrics.registry.getSingleMetric('tracker_write_cache_bytes') !== undefined) return;
  new Gauge({
    name: 'tracker_write_cache_bytes',
    help: 'Estimated bytes of the folded stream states the writer keeps (budget: WRITE_CACHE_MB)',
    registers,
    collect() {
      this.set(cache.bytes);
    },
  });
  new Gauge({
    name: 'tracker_write_cache_budget_bytes',
    help: 'Bytes the folded stream states may take: WRITE_CACHE_MB, or less if the V8 heap limit leaves less',
    registers,
    collect() {
      this.set(cache.budgetBytes);
    },
  });
  new Gauge({
    name: 'tracker_write_cache_entries',
    help: 'Streams whose folded state the writer keeps',
    registers,
    collect() {
      this.set(cache.size);
    },
  });
  new Counter({
    name: 'tracker_write_cache_evictions_total',
    help: 'Folded states dropped to stay within the budget since the process started',
    registers,
    collect() {
      // The cache counts; a counter's value, which resets only with the process.
      this.reset();
      this.inc(cache.evictions);
    },
  });
}
