import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { MarketParams } from '../../commands/shared/identifiers';
import { QueryRoute } from '../query-route.decorator';
import { ReadConsistency, ReadConsistencyDto } from '../read-consistency';
import { MarketSeriesQuery, type MarketSeries } from './market-series.query';
import { MarketSeriesResponse } from './market-series.response';

@ApiTags('progress')
@Controller('programs/:programId/markets/:market')
export class MarketSeriesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly consistency: ReadConsistency,
  ) {}

  @QueryRoute(
    'series',
    'Users copied and verified per local day, with the cumulative verified count (burn-up)',
    MarketSeriesResponse,
  )
  async series(
    @Param() { programId, market }: MarketParams,
    @Query() query: ReadConsistencyDto,
  ): Promise<MarketSeries> {
    await this.consistency.reach(query.minPosition);
    return this.queryBus.execute(new MarketSeriesQuery(programId, market));
  }
}
