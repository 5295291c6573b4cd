import { ApiProperty } from '@nestjs/swagger';

const count = { type: 'integer', minimum: 0 } as const;

export class SeriesDayResponse {
  @ApiProperty({ type: 'string', format: 'date', description: 'local day in the program time zone' })
  day!: string;
  @ApiProperty(count)
  copiedUsers!: number;
  @ApiProperty(count)
  verifiedUsers!: number;
  @ApiProperty(count)
  failedBatches!: number;
  @ApiProperty(count)
  steps!: number;
  @ApiProperty(count)
  cumulativeVerified!: number;
}

/** `GET /programs/:programId/markets/:market/series`. */
export class MarketSeriesResponse {
  @ApiProperty({ example: 'intl-2014' })
  programId!: string;
  @ApiProperty({ example: 'IN' })
  market!: string;
  @ApiProperty({ example: 'Asia/Singapore' })
  timeZone!: string;
  @ApiProperty(count)
  usersInScope!: number;
  @ApiProperty({ type: 'string', format: 'date-time' })
  deadline!: string;
  @ApiProperty({ type: [SeriesDayResponse], description: 'every local day from the first step to the last' })
  days!: SeriesDayResponse[];
}
