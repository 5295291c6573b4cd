import { ApiProperty } from '@nestjs/swagger';

/** What a changed field was and became: any JSON value (null when absent), hence untyped schemas. */
const change = {
  type: 'object',
  properties: {
    from: { description: 'the value at `from` (null when absent)' },
    to: { description: 'the value at `to` (null when absent)' },
  },
  required: ['from', 'to'],
};

export interface FieldChangeResponse {
  from: unknown;
  to: unknown;
}

const changes = {
  type: 'object',
  additionalProperties: change,
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
