import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { ProjectionStatus } from '@app/projections';

export class ProjectionNameParams {
  @ApiProperty({ example: 'market-progress' })
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'name must be a projection name such as market-progress' })
  name!: string;
}

/** Positions as JSON numbers. */
export function projectionStatusView(status: ProjectionStatus) {
  return {
    name: status.name,
    version: status.version,
    generation: status.generation,
    status: status.status,
    trailing: status.trailing,
    checkpoint: Number(status.checkpoint),
    lagEvents: status.lagEvents,
    lagSeconds: status.lagSeconds,
    ...(status.rebuild
      ? {
          rebuild: {
            generation: status.rebuild.generation,
            checkpoint: Number(status.rebuild.checkpoint),
            lagEvents: status.rebuild.lagEvents,
          },
        }
      : {}),
    ...(status.poison
      ? {
          poison: {
            position: Number(status.poison.position),
            streamId: status.poison.streamId,
            type: status.poison.type,
            error: status.poison.error,
          },
        }
      : {}),
    counters: status.counters,
  };
}
