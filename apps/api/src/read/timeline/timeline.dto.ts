import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { MARKET_CODE } from '../../commands/shared/identifiers';
import { ReadConsistencyDto } from '../read-consistency';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class TimelineDto extends ReadConsistencyDto {
  @ApiPropertyOptional({ example: 'IN', description: 'only this market' })
  @IsOptional()
  @IsString()
  @Matches(MARKET_CODE, { message: 'market must be a two-letter upper-case market code such as IN or SG' })
  market?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptionalIntQuery(1, 500)
  limit?: number;
}
