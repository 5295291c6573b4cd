import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class InclusionProofDto {
  @ApiProperty({ description: "the event's global position", example: 7 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  position!: number;

  @ApiPropertyOptional({ description: 'the tree size to prove against (default: the latest checkpoint’s)' })
  @IsOptionalIntQuery(1, Number.MAX_SAFE_INTEGER)
  treeSize?: number;
}

export class ConsistencyProofDto {
  @ApiProperty({ description: 'the older tree size', example: 10 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from!: number;

  @ApiProperty({ description: 'the newer tree size (at most the latest checkpoint’s)', example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to!: number;
}
