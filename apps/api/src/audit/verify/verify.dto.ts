import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class VerifyDto {
  @ApiPropertyOptional({
    description:
      'a checkpoint kept from earlier, `<revision>:<hash>` of its event: the log must still hold it',
    example: '3:9f2c…',
  })
  @IsOptional()
  @Matches(/^\d{1,15}:[0-9a-f]{64}$/, { message: 'anchor must be <revision>:<64 hex digits>' })
  anchor?: string;
}
