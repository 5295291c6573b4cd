import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionRunner } from '@app/projections';

/**
 * Down when a projection is stopped at a poison event: its read model no longer follows the log. Catching up
 * (a trailing one included: see `trailing`) is not down.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly health: HealthIndicatorService,
  ) {}

  check(key: string) {
    const indicator = this.health.check(key);
    const projections = this.runner.status().map((p) => ({
      name: p.name,
      status: p.status,
      ...(p.trailing ? { trailing: true } : {}),
      checkpoint: Number(p.checkpoint),
      lagEvents: p.lagEvents,
      lagSeconds: p.lagSeconds,
      ...(p.poison
        ? {
            poison: {
              position: Number(p.poison.position),
              streamId: p.poison.streamId,
              type: p.poison.type,
              error: p.poison.error,
            },
          }
        : {}),
    }));
    const failed = projections.filter((p) => p.status === 'failed').map((p) => p.name);
    return failed.length === 0 ? indicator.up({ projections }) : indicator.down({ failed, projections });
  }
}
