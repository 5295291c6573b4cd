import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgressService, type MarketProgressView } from '@app/projections';

export class MarketProgressQuery {
  constructor(
    readonly programId: string,
    readonly market: string,
  ) {}
}

@QueryHandler(MarketProgressQuery)
export class MarketProgressHandler implements IQueryHandler<MarketProgressQuery, MarketProgressView> {
  constructor(private readonly progress: ProgressService) {}

  async execute({ programId, market }: MarketProgressQuery): Promise<MarketProgressView> {
    return this.progress.market(programId, market);
  }
}
