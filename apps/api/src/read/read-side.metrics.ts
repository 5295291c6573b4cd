import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ProjectionRunner, ProgressService, ReadModels } from '@app/projections';
import type { MarketStatus } from '@app/domain';
import { AppMetrics } from '../metrics/metrics.registry';

const STATUSES: MarketStatus[] = [
  'not_started',
  'on_track',
  'at_risk',
  'off_track',
  'completed',
  'completed_late',
];

/** Series of the read side, computed when Prometheus scrapes: per-market progress and projection lag. */
@Injectable()
export class ReadSideMetrics {
  constructor(
    metrics: AppMetrics,
    runner: ProjectionRunner,
    readModels: ReadModels,
    progress: ProgressService,
  ) {
    const registers = [metrics.registry];
    /** Fills every read-side series from the read models; the first series registered runs it on each scrape. */
    const refresh = () => {
      for (const g of [verified, ratio, status, stale, lagEvents, lagSeconds, checkpoint, up, trailing])
        g.reset();
      applied.reset();
      poison.reset();
      for (const { program_id: programId } of readModels.programs()) {
        for (const m of progress.programProgress(programId).markets) {
          const labels = { program: programId, market: m.market };
          scope.set(labels, m.usersInScope);
          verified.set(labels, m.verifiedUsers);
          // A market with nothing in scope has nothing left to verify: 1, as percentVerified says 100.
          ratio.set(labels, m.usersInScope === 0 ? 1 : m.verifiedUsers / m.usersInScope);
          stale.set(labels, m.stale ? 1 : 0);
          for (const s of STATUSES) status.set({ ...labels, status: s }, s === m.status ? 1 : 0);
        }
      }
      for (const p of runner.status()) {
        const labels = { projection: p.name };
        lagEvents.set(labels, p.lagEvents);
        lagSeconds.set(labels, p.lagSeconds);
        checkpoint.set(labels, Number(p.checkpoint));
        up.set(labels, p.status === 'failed' ? 0 : 1);
        trailing.set(labels, p.trailing ? 1 : 0);
        // The runner counts since the process started: a counter's value, which resets only with the process.
        applied.inc(labels, p.counters.eventsApplied);
        poison.inc(labels, p.counters.poisonEvents);
      }
    };
    const marketLabels = ['program', 'market'];
    // Registered first: the registry collects in registration order, so the series below are filled before
    // they are read. No series of its own for this (a constant 1 tells Prometheus nothing).
    const scope = new Gauge({
      name: 'tracker_market_users_in_scope',
      help: 'Users in scope of the market',
      labelNames: marketLabels,
      registers,
      collect() {
        this.reset();
        refresh();
      },
    });
    const market = (name: string, help: string, extra: string[] = []) =>
      new Gauge({ name, help, labelNames: [...marketLabels, ...extra], registers });
    const verified = market('tracker_market_users_verified', 'Users verified in the target region');
    const ratio = market(
      'tracker_market_verified_ratio',
      'Share of the users in scope verified, 0 to 1 (1 when the scope is empty)',
    );
    const status = market('tracker_market_status', 'Status against the deadline: 1 for the current status', [
      'status',
    ]);
    const stale = market('tracker_market_stale', '1 when no step was recorded within the expected interval');
    const projection = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ['projection'], registers });
    const lagEvents = projection(
      'tracker_projection_lag_events',
      'Events in the log not yet applied by the projection',
    );
    const lagSeconds = projection(
      'tracker_projection_lag_seconds',
      'Age of the oldest event not yet applied (0 when live)',
    );
    const checkpoint = projection(
      'tracker_projection_checkpoint',
      'Global position of the last event the projection applied',
    );
    const up = projection('tracker_projection_up', '0 when the projection is stopped at a poison event');
    const trailing = projection(
      'tracker_projection_trailing',
      '1 when the projection trails: an accelerator (the as-of index) that catches up after the others; reads do not wait for it',
    );
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['projection'], registers });
    const applied = counter(
      'tracker_projection_events_applied_total',
      'Events applied since the process started',
    );
    const poison = counter(
      'tracker_projection_poison_events_total',
      'Poison events met since the process started',
    );
  }
}
