import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class FieldChangeResponse {
  @ApiProperty({ description: 'the value at `from` (any JSON; null when absent)', nullable: true })
  from!: unknown;
  @ApiProperty({ description: 'the value at `to` (any JSON; null when absent)', nullable: true })
  to!: unknown;
}

const changes = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(FieldChangeResponse) },
  description: 'changed fields by dotted path (e.g. `totals.verifiedUsers`)',
} as const;

export class CausingEventResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  position!: number;
  @ApiProperty()
  streamId!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  revision!: number;
  @ApiProperty()
  type!: string;
  @ApiProperty({ type: 'string' })
  actor!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  occurredAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt!: string;
}

@ApiExtraModels(FieldChangeResponse)
export class MarketDiffResponse {
  @ApiProperty({ example: 'IN' })
  market!: string;
  @ApiProperty(changes)
  changes!: Record<string, FieldChangeResponse>;
  @ApiProperty({
    type: [CausingEventResponse],
    description: 'the events between the two instants that did it',
  })
  events!: CausingEventResponse[];
}

/** `GET /programs/:programId/diff`. */
@ApiExtraModels(FieldChangeResponse)
export class ProgramDiffResponse {
  @ApiProperty()
  programId!: string;
  @ApiProperty({ enum: ['recorded', 'occurred'] })
  basis!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  from!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  to!: string;
  @ApiProperty({
    ...changes,
    description: 'program-level fields (deadline, totals, riskiest market ...) that changed',
  })
  program!: Record<string, FieldChangeResponse>;
  @ApiProperty({ type: [CausingEventResponse] })
  programEvents!: CausingEventResponse[];
  @ApiProperty({ type: [MarketDiffResponse], description: 'markets with a change' })
  markets!: MarketDiffResponse[];
}
