import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsInstant } from '../../shared/validation/is-instant.validator';
import { MARKET_CODE } from '../shared/identifiers';
import { MAX_BYTES, MAX_USERS, StepDto } from '../shared/step.dto';
import { IsRegion } from '../shared/text.decorators';

export class EnrollMarketDto extends StepDto {
  @ApiProperty({ example: 'IN', description: 'ISO 3166-1 alpha-2 market code' })
  @IsString()
  @Matches(MARKET_CODE, { message: 'market must be a two-letter upper-case market code such as IN or SG' })
  market!: string;

  @ApiProperty({ example: 'us-east' })
  @IsRegion()
  targetRegion!: string;

  @ApiProperty({ example: 620000, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_USERS)
  usersInScope!: number;

  @ApiPropertyOptional({ example: 48_000_000_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BYTES)
  bytesInScope?: number;

  @ApiPropertyOptional({ example: '2014-03-01T00:00:00+08:00' })
  @IsOptional()
  @IsInstant()
  plannedStart?: string;
}
