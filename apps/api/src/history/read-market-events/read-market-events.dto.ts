import { ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryPageDto } from '../history-filter';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class ReadMarketEventsDto extends HistoryPageDto {
  @ApiPropertyOptional({ description: 'inclusive: first stream revision to return', default: 0 })
  @IsOptionalIntQuery(0, Number.MAX_SAFE_INTEGER)
  fromRevision?: number;
}
