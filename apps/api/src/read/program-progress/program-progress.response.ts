import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { MARKET_STATUSES, MarketProgressResponse } from '../market-progress/market-progress.response';

const count = { type: 'integer', minimum: 0 } as const;

export class StatusCountsResponse {
  @ApiProperty(count)
  not_started!: number;
  @ApiProperty(count)
  on_track!: number;
  @ApiProperty(count)
  at_risk!: number;
  @ApiProperty(count)
  off_track!: number;
  @ApiProperty(count)
  completed!: number;
  @ApiProperty(count)
  completed_late!: number;
}

export class ProgramTotalsResponse {
  @ApiProperty(count)
  markets!: number;
  @ApiProperty(count)
  usersInScope!: number;
  @ApiProperty(count)
  copiedUsers!: number;
  @ApiProperty(count)
  verifiedUsers!: number;
  @ApiProperty(count)
  remainingUsers!: number;
  @ApiProperty({ minimum: 0, maximum: 100 })
  percentVerified!: number;
  @ApiProperty({ type: StatusCountsResponse, description: 'markets per status' })
  byStatus!: StatusCountsResponse;
  @ApiProperty(count)
  staleMarkets!: number;
}

export interface RiskiestMarketResponse {
  market: string;
  status: string;
  reasons: string[];
}

/** Inline rather than a $ref: OpenAPI 3.0 cannot make a referenced schema nullable. */
const riskiestMarket: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  properties: {
    market: { type: 'string', example: 'ID' },
    status: { type: 'string', enum: [...MARKET_STATUSES] },
    reasons: { type: 'array', items: { type: 'string' } },
  },
  required: ['market', 'status', 'reasons'],
  selfRequired: true,
  description: 'the market most in need of attention, or null when none is behind',
};

/** `GET /programs/:programId/progress`, and each `progress` event of the program's stream. */
export class ProgramProgressResponse {
  @ApiProperty({ example: 'intl-2014' })
  programId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: 'cn-north' })
  sourceRegion!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  deadline!: string;
  @ApiProperty({ example: 'Asia/Singapore', description: 'IANA time zone of the deadline and local days' })
  timeZone!: string;
  @ApiProperty({ type: [String] })
  dataCategories!: string[];
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'the instant the statuses were computed at',
  })
  asOf!: string;
  @ApiProperty({ description: 'days to the deadline (negative once it has passed)' })
  daysLeft!: number;
  @ApiProperty({ type: ProgramTotalsResponse })
  totals!: ProgramTotalsResponse;
  @ApiProperty(riskiestMarket)
  riskiestMarket!: RiskiestMarketResponse | null;
  @ApiProperty({ type: [MarketProgressResponse] })
  markets!: MarketProgressResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 })
  position!: number;
}
