import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class ListCheckpointsDto {
  @ApiPropertyOptional({ description: 'at most this many checkpoints, newest first', default: 20 })
  @IsOptionalIntQuery(1, 1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'only checkpoints with a sequence below this one (paging back)' })
  @IsOptionalIntQuery(1, Number.MAX_SAFE_INTEGER)
  before?: number;
}
