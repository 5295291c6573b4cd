import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class IndicatorResponse {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
}

const indicators = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(IndicatorResponse) },
  example: { eventStore: { status: 'up' }, projections: { status: 'up' } },
} as const;

/** `GET /health` when ready: every indicator (event store, projections) is up. */
@ApiExtraModels(IndicatorResponse)
export class HealthResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  @ApiPropertyOptional({ ...indicators, description: 'indicators that are up' })
  info?: Record<string, IndicatorResponse>;
  @ApiPropertyOptional({ ...indicators, description: 'indicators that are down (empty when ready)' })
  error?: Record<string, IndicatorResponse>;
  @ApiProperty({ ...indicators, description: 'every indicator' })
  details!: Record<string, IndicatorResponse>;
}
