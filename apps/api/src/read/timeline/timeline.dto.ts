import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MARKET_CODE } from '../../commands/shared/identifiers';
import { ReadConsistencyDto } from '../read-consistency';

export class TimelineDto extends ReadConsistencyDto {
  @ApiPropertyOptional({ example: 'IN', description: 'only this market' })
  @IsOptional()
  @IsString()
  @Matches(MARKET_CODE, { message: 'market must be a two-letter upper-case market code such as IN or SG' })
  market?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
