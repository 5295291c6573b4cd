import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const MARKET_STATUSES = [
  'not_started',
  'on_track',
  'at_risk',
  'off_track',
  'completed',
  'completed_late',
] as const;
export const MARKET_PHASES = [
  'planned',
  'migrating',
  'paused',
  'cut_over',
  'source_purged',
  'completed',
] as const;

const instant = { type: 'string', format: 'date-time' } as const;
const nullableInstant = { ...instant, nullable: true } as const;

export class ForecastResponse {
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'median finish day' })
  p50!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  p85!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  p95!: string | null;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'share of trials finishing by the deadline' })
  probabilityByDeadline!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  trials!: number;
  @ApiProperty({ type: 'integer' })
  seed!: number;
  @ApiProperty({ enum: ['monte_carlo', 'completed', 'no_history'] })
  basis!: 'monte_carlo' | 'completed' | 'no_history';
}

export class LastStepResponse {
  @ApiProperty({ example: 'BatchVerified' })
  type!: string;
  @ApiProperty(instant)
  occurredAt!: string;
  @ApiProperty(instant)
  recordedAt!: string;
}

export class MilestonesResponse {
  @ApiProperty(instant)
  enrolledAt!: string;
  @ApiProperty(nullableInstant)
  plannedStart!: string | null;
  @ApiProperty(nullableInstant)
  startedAt!: string | null;
  @ApiProperty(nullableInstant)
  pausedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true })
  pauseReason!: string | null;
  @ApiProperty(nullableInstant)
  cutoverAt!: string | null;
  @ApiProperty(nullableInstant)
  purgedAt!: string | null;
  @ApiProperty(nullableInstant)
  completedAt!: string | null;
}

/** `GET /programs/:programId/markets/:market/progress` (and each market of the program's progress). */
export class MarketProgressResponse {
  @ApiProperty({ example: 'intl-2014' })
  programId!: string;
  @ApiProperty({ example: 'IN' })
  market!: string;
  @ApiProperty({ example: 'singapore' })
  targetRegion!: string;
  @ApiProperty({ enum: MARKET_PHASES })
  phase!: string;
  @ApiProperty({ enum: MARKET_STATUSES })
  status!: string;
  @ApiProperty({ description: 'no step was logged within the expected interval' })
  stale!: boolean;
  @ApiProperty({ type: [String], description: 'why the status is what it is, in words' })
  reasons!: string[];
  @ApiProperty({ type: 'integer', minimum: 0 })
  usersInScope!: number;
  @ApiProperty({ type: 'integer', minimum: 0, nullable: true })
  bytesInScope!: number | null;
  @ApiProperty({ type: 'integer', minimum: 0 })
  copiedUsers!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  verifiedUsers!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  remainingUsers!: number;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'verified users as a percentage of users in scope' })
  percentVerified!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  failedBatches!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  failures!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  retries!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  batchesVerified!: number;
  @ApiProperty({ minimum: 0, description: 'verified users per day' })
  throughputPerDay!: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'users per day needed to finish by the deadline',
  })
  requiredRatePerDay!: number | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'when the market finishes at its recent rate; null when it has none',
  })
  projectedFinish!: string | null;
  @ApiProperty({ description: 'days to the deadline (negative once it has passed)' })
  daysLeft!: number;
  @ApiProperty({ type: LastStepResponse })
  lastStep!: LastStepResponse;
  @ApiProperty({ type: MilestonesResponse })
  milestones!: MilestonesResponse;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'global position of the last event reflected here',
  })
  position!: number;
  @ApiPropertyOptional({ type: ForecastResponse })
  forecast?: ForecastResponse;
}
