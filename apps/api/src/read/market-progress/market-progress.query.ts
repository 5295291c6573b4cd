import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgressService } from '../progress.service';
import type { MarketProgressView } from '../progress.views';

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
