import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
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

/** Gauges of the read side, computed when Prometheus scrapes: per-market progress and projection lag. */
@Injectable()
export class ReadSideMetrics {
  constructor(
    metrics: AppMetrics,
    runner: ProjectionRunner,
    readModels: ReadModels,
    progress: ProgressService,
  ) {
    const registers = [metrics.registry];
    // Registered first: the registry collects in registration order, so the gauges below are filled before they are read.
    new Gauge({
      name: 'tracker_read_side_scrape',
      help: 'Always 1; refreshes the read-side gauges on every scrape',
      registers,
      collect() {
        this.set(1);
        for (const g of [scope, verified, percent, status, stale]) g.reset();
        for (const { program_id: programId } of readModels.programs()) {
          for (const m of progress.programProgress(programId).markets) {
            const labels = { program: programId, market: m.market };
            scope.set(labels, m.usersInScope);
            verified.set(labels, m.verifiedUsers);
            percent.set(labels, m.percentVerified);
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
          applied.set(labels, p.counters.eventsApplied);
          poison.set(labels, p.counters.poisonEvents);
        }
      },
    });
    const market = (name: string, help: string, extra: string[] = []) =>
      new Gauge({ name, help, labelNames: ['program', 'market', ...extra], registers });
    const scope = market('tracker_market_users_in_scope', 'Users in scope of the market');
    const verified = market('tracker_market_users_verified', 'Users verified in the target region');
    const percent = market('tracker_market_percent_verified', 'Share of users in scope verified, 0-100');
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
    const applied = projection('tracker_projection_events_applied', 'Events applied since start');
    const poison = projection('tracker_projection_poison_events', 'Poison events met since start');
  }
}
