import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { StepDto } from '../shared/step.dto';

export class RecordBatchVerifiedDto extends StepDto {
  @ApiPropertyOptional({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'checksum must be visible ASCII without spaces' })
  checksum?: string;
}
