import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../../shared/validation/is-instant.validator';

/** Every step may say when it happened; late entries are normal. Defaults to the time it is recorded. */
export class StepDto {
  @ApiPropertyOptional({
    example: '2014-06-02T09:30:00+08:00',
    description: 'when the step happened (default: now)',
  })
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}

/** Bounds for counts: positive, whole, and below anything real (there are fewer than 10^10 people). */
export const MAX_USERS = 10_000_000_000;
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;
