import { ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryPageDto } from '../history-filter';
import { IsOptionalIntQuery } from '../../shared/validation/optional-int-query.decorator';

export class ReadEventsDto extends HistoryPageDto {
  @ApiPropertyOptional({
    description:
      "exclusive: events after this global position; 0 (the start), an event's position or a page's nextPosition (positions are opaque and may have gaps: any other value is refused with 400)",
    example: 0,
  })
  @IsOptionalIntQuery(0, Number.MAX_SAFE_INTEGER)
  fromPosition?: number;
}
