import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AsOfBasis } from '@app/audit';
import { IsInstant } from '../../shared/validation/is-instant.validator';
import { AS_OF_BASES } from '../as-of/as-of.dto';

export class ProgramDiffDto {
  @ApiProperty({ example: '2014-05-01T00:00:00+08:00' })
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2014-06-01T00:00:00+08:00' })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ enum: AS_OF_BASES, default: 'recorded' })
  @IsOptional()
  @IsIn(AS_OF_BASES)
  basis?: AsOfBasis;
}
