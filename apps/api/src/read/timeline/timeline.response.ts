import { ApiProperty } from '@nestjs/swagger';

export class TimelineStepResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  position!: number;
  @ApiProperty({ type: 'string', nullable: true, description: 'null for a step of the program itself' })
  market!: string | null;
  @ApiProperty({ example: 'BatchVerified' })
  type!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  occurredAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt!: string;
  @ApiProperty({ example: 'ops-1' })
  actor!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the event's data" })
  data!: Record<string, unknown>;
}

/** `GET /programs/:programId/timeline`. */
export class TimelineResponse {
  @ApiProperty({ type: [TimelineStepResponse] })
  steps!: TimelineStepResponse[];
}
