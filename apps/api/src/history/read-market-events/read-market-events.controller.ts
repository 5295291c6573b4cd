import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { MarketEventPageResponse } from '../event.response';
import { Roles } from '../../auth/roles.decorator';
import { MarketParams } from '../../commands/shared/identifiers';
import { historyFilter } from '../history-filter';
import { ReadMarketEventsDto } from './read-market-events.dto';
import { ReadMarketEventsQuery, type MarketEventPage } from './read-market-events.query';

@ApiTags('history')
@ApiBearerAuth()
@Controller('programs/:programId/markets/:market/events')
export class ReadMarketEventsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: "One market's history in revision order, with full envelopes" })
  @ApiOkResponse({ type: MarketEventPageResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429, 503])
  read(
    @Param() { programId, market }: MarketParams,
    @Query() query: ReadMarketEventsDto,
  ): Promise<MarketEventPage> {
    return this.queryBus.execute(
      new ReadMarketEventsQuery(
        programId,
        market,
        query.fromRevision ?? 0,
        query.limit ?? 100,
        historyFilter(query),
      ),
    );
  }
}
