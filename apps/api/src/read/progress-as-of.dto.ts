import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AsOfBasis } from '@app/audit';
import { AS_OF_BASES } from '../audit/as-of/as-of.dto';
import { IsInstant } from '../shared/validation/is-instant.validator';
import { ReadConsistencyDto } from './read-consistency';

/** `?asOf=&basis=` on the progress routes: the same view, as it stood at an instant of the past. */
export class ProgressAsOfDto extends ReadConsistencyDto {
  @ApiPropertyOptional({
    description: 'show progress as of this instant instead of now',
    example: '2014-06-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({
    enum: AS_OF_BASES,
    default: 'recorded',
    description:
      'recorded: as known at asOf (events recorded by then); occurred: as happened by asOf (late entries included)',
  })
  @IsOptional()
  @IsIn(AS_OF_BASES)
  basis?: AsOfBasis;
}
