import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const count = { type: 'integer', minimum: 0 } as const;

export class ProjectionRebuildResponse {
  @ApiProperty(count)
  generation!: number;
  @ApiProperty({
    ...count,
    description: "the new generation's checkpoint; it swaps in at the head of the log",
  })
  checkpoint!: number;
  @ApiProperty(count)
  lagEvents!: number;
}

export class ProjectionPoisonResponse {
  @ApiProperty(count)
  position!: number;
  @ApiProperty()
  streamId!: string;
  @ApiProperty()
  type!: string;
  @ApiProperty()
  error!: string;
}

export class ProjectionCountersResponse {
  @ApiProperty(count)
  eventsApplied!: number;
  @ApiProperty(count)
  batchesCommitted!: number;
  @ApiProperty(count)
  poisonEvents!: number;
}

/** One projection's state on this replica. */
export class ProjectionStatusResponse {
  @ApiProperty({ example: 'market-progress' })
  name!: string;
  @ApiProperty(count)
  version!: number;
  @ApiProperty(count)
  generation!: number;
  @ApiProperty({ enum: ['catching_up', 'live', 'rebuilding', 'failed', 'stopped'] })
  status!: string;
  @ApiProperty({
    description:
      'an accelerator others do not wait for (the as-of index): it catches up after the other projections, ' +
      'reads of your writes do not wait for it, and its catching up leaves the replica ready',
  })
  trailing!: boolean;
  @ApiProperty({ ...count, description: 'position of the last event the active generation applied' })
  checkpoint!: number;
  @ApiProperty(count)
  lagEvents!: number;
  @ApiProperty({ minimum: 0, description: 'age of the oldest event known to be unapplied; 0 when live' })
  lagSeconds!: number;
  @ApiPropertyOptional({ type: ProjectionRebuildResponse })
  rebuild?: ProjectionRebuildResponse;
  @ApiPropertyOptional({ type: ProjectionPoisonResponse, description: 'the event it is stopped at' })
  poison?: ProjectionPoisonResponse;
  @ApiProperty({ type: ProjectionCountersResponse, description: 'since this process started' })
  counters!: ProjectionCountersResponse;
}

export class ProjectionListResponse {
  @ApiProperty({ type: [ProjectionStatusResponse] })
  projections!: ProjectionStatusResponse[];
}
