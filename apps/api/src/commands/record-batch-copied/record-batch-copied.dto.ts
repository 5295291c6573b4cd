import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_BYTES, MAX_USERS, StepDto } from '../shared/step.dto';

export class RecordBatchCopiedDto extends StepDto {
  @ApiProperty({ example: 25000, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_USERS)
  users!: number;

  @ApiPropertyOptional({ example: 1_900_000_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BYTES)
  bytes?: number;
}
