import { ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryPageDto } from '../history-filter';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class ReadEventsDto extends HistoryPageDto {
  @ApiPropertyOptional({ description: 'exclusive: events after this global position', example: 0 })
  @IsOptionalIntQuery(0, Number.MAX_SAFE_INTEGER)
  fromPosition?: number;
}
