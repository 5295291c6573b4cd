import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

// Ids end up in stream names (`market-<programId>-<market>`), so their alphabet is kept narrow.
export const PROGRAM_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const MARKET_CODE = /^[A-Z]{2}$/;
export const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export class ProgramParams {
  @ApiProperty({
    example: 'intl-2014',
    description: 'lower-case letters, digits and dashes, 1-64 characters',
  })
  @Matches(PROGRAM_ID, {
    message:
      'programId must be 1-64 lower-case letters, digits or dashes, not starting or ending with a dash',
  })
  programId!: string;
}

export class MarketParams extends ProgramParams {
  @ApiProperty({ example: 'IN', description: 'ISO 3166-1 alpha-2 market code' })
  @Matches(MARKET_CODE, { message: 'market must be a two-letter upper-case market code such as IN or SG' })
  market!: string;
}

export class BatchParams extends MarketParams {
  @ApiProperty({ example: 'IN-0001', description: 'letters, digits and . _ : - , 1-128 characters' })
  @Matches(BATCH_ID, {
    message: 'batchId must be 1-128 letters, digits or . _ : - characters, starting with a letter or digit',
  })
  batchId!: string;
}
