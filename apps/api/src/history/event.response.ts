import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const position = { type: 'integer', minimum: 0 } as const;

export class UpcastResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  from!: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  to!: number;
}

/** One stored event with its full envelope (`metadata`: actor, role, times, ids, hash chain). */
export class EventResponse {
  @ApiProperty({ description: 'the event id' })
  id!: string;
  @ApiProperty(position)
  position!: number;
  @ApiProperty({ example: 'market-intl-2014-IN' })
  streamId!: string;
  @ApiProperty(position)
  revision!: number;
  @ApiProperty({ example: 'BatchVerified', description: 'stable type string' })
  type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the envelope: actor, role, correlation and causation ids, occurredAt, recordedAt, prevHash, hash',
  })
  metadata!: Record<string, unknown>;
  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt!: string;
  @ApiPropertyOptional({
    type: UpcastResponse,
    description: '`data` was upcast on read from this schema version',
  })
  upcast?: UpcastResponse;
}

/** `GET /events` and `GET /programs/:programId/events`. */
export class EventPageResponse {
  @ApiProperty({ type: [EventResponse] })
  events!: EventResponse[];
  @ApiProperty({ ...position, description: 'pass as `fromPosition` for the next page' })
  nextPosition!: number;
  @ApiProperty({ description: 'the page reached the end of the log' })
  end!: boolean;
}

/** `GET /programs/:programId/markets/:market/events`. */
export class MarketEventPageResponse {
  @ApiProperty({ type: [EventResponse] })
  events!: EventResponse[];
  @ApiProperty({ ...position, nullable: true, description: 'revision to ask for next; null at the end' })
  nextRevision!: number | null;
  @ApiProperty({ ...position, nullable: true, description: "global position of the page's last event" })
  nextPosition!: number | null;
}
