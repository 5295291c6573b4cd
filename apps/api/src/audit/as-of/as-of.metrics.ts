import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { AppMetrics } from '../../metrics/metrics.registry';

/** Where an as-of answer came from; `refused` is a 503 for want of a replay slot. */
export type AsOfSource = 'cache' | 'shared' | 'replay' | 'refused';

/** What the replay limiter and the caches hold, read when Prometheus scrapes. */
export interface AsOfLoad {
  running: number;
  queued: number;
  cachedAnswers: number;
  cachedPrograms: number;
}

/** Prometheus figures of the as-of replays: how often the cache answers, how full the limiter is. */
@Injectable()
export class AsOfMetrics {
  private readonly answers: Counter<'source'>;
  private readonly seconds: Histogram<'question'>;
  private readonly index: Counter<'outcome'>;
  private readonly registers;

  constructor(metrics: AppMetrics) {
    this.registers = [metrics.registry];
    this.answers = new Counter({
      name: 'tracker_as_of_answers_total',
      help: 'As-of progress and diff answers, by source: cache, shared (joined an identical one), replay, refused (503)',
      labelNames: ['source'] as const,
      registers: this.registers,
    });
    this.seconds = new Histogram({
      name: 'tracker_as_of_compute_seconds',
      help: 'Time from taking a replay slot to the answer (reading the program, replaying, computing), by question',
      labelNames: ['question'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: this.registers,
    });
    this.index = new Counter({
      name: 'tracker_as_of_index_total',
      help: 'As-of computations by outcome: index (answered from the as-of index), or why the full replay answered: irregular, behind, unavailable',
      labelNames: ['outcome'] as const,
      registers: this.registers,
    });
  }

  /** `index`: answered from the as-of index; otherwise why the full replay answered (see AsOfIndexPath). */
  indexed(outcome: 'index' | 'irregular' | 'behind' | 'unavailable'): void {
    this.index.inc({ outcome });
  }

  answered(source: AsOfSource): void {
    this.answers.inc({ source });
  }

  computed(question: string, seconds: number): void {
    this.seconds.observe({ question }, seconds);
  }

  /** Gauges of the limiter and the caches, filled from `load` on every scrape. */
  watch(load: () => AsOfLoad): void {
    const gauge = (name: string, help: string, pick: (state: AsOfLoad) => number) =>
      new Gauge({
        name,
        help,
        registers: this.registers,
        collect() {
          this.set(pick(load()));
        },
      });
    gauge('tracker_as_of_replays_running', 'Replays of the past being computed', (s) => s.running);
    gauge(
      'tracker_as_of_replays_queued',
      'Replays waiting for a slot (AS_OF_QUEUE at most)',
      (s) => s.queued,
    );
    gauge('tracker_as_of_cached_answers', 'As-of answers in the cache', (s) => s.cachedAnswers);
    gauge('tracker_as_of_cached_programs', 'Programs whose event list is cached', (s) => s.cachedPrograms);
  }
}
