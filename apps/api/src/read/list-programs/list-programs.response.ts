import { ApiProperty } from '@nestjs/swagger';

export class ProgramSummaryResponse {
  @ApiProperty({ example: 'intl-2014' })
  programId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: 'cn-north' })
  sourceRegion!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  deadline!: string;
  @ApiProperty({ example: 'Asia/Singapore' })
  timeZone!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'enrolled markets' })
  markets!: number;
}

/** `GET /programs`. */
export class ProgramListResponse {
  @ApiProperty({ type: [ProgramSummaryResponse] })
  programs!: ProgramSummaryResponse[];
}
