import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class VerifyDto {
  @ApiPropertyOptional({
    description:
      'a checkpoint kept from earlier, `<revision>:<hash>` of its event: the log must still hold it',
    example: '3:9f2c…',
  })
  @IsOptional()
  @Matches(/^\d{1,15}:[0-9a-f]{64}$/, { message: 'anchor must be <revision>:<64 hex digits>' })
  anchor?: string;

  @ApiPropertyOptional({
    description:
      'true: answer as application/x-ndjson, progress lines as the verification goes, then the report (the same as sending `Accept: application/x-ndjson`)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'stream must be true or false' })
  stream?: 'true' | 'false';
}
