import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { MarketParams } from '../../commands/shared/identifiers';
import { QueryRoute } from '../query-route.decorator';
import { AsOfMarketProgressQuery } from '../../audit/as-of/as-of-progress.query';
import { ProgressAsOfDto } from '../progress-as-of.dto';
import { ReadConsistency } from '../read-consistency';
import { MarketProgressQuery } from './market-progress.query';
import { MarketProgressResponse } from './market-progress.response';
import { type MarketProgressView } from '@app/projections';

@ApiTags('progress')
@Controller('programs/:programId/markets/:market')
export class MarketProgressController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly consistency: ReadConsistency,
  ) {}

  @QueryRoute(
    'progress',
    "One market's progress against the deadline, with its Monte Carlo forecast",
    MarketProgressResponse,
    { asOf: true },
  )
  async progress(
    @Param() { programId, market }: MarketParams,
    @Query() query: ProgressAsOfDto,
  ): Promise<MarketProgressView> {
    await this.consistency.reach(query.minPosition);
    if (query.asOf !== undefined) {
      const asOf = new Date(query.asOf);
      return this.queryBus.execute(
        new AsOfMarketProgressQuery(programId, market, asOf, query.basis ?? 'recorded'),
      );
    }
    return this.queryBus.execute(new MarketProgressQuery(programId, market));
  }
}
