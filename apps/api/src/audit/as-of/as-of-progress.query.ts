import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AsOfBasis } from '@app/audit';
import { AsOfReplayer } from './as-of-replayer';
import { type MarketProgressView, type ProgramProgressView } from '@app/projections';

export class AsOfProgramProgressQuery {
  constructor(
    readonly programId: string,
    readonly asOf: Date,
    readonly basis: AsOfBasis,
  ) {}
}

export class AsOfMarketProgressQuery {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly asOf: Date,
    readonly basis: AsOfBasis,
  ) {}
}

@QueryHandler(AsOfProgramProgressQuery)
export class AsOfProgramProgressHandler implements IQueryHandler<
  AsOfProgramProgressQuery,
  ProgramProgressView
> {
  constructor(private readonly replayer: AsOfReplayer) {}

  execute({ programId, asOf, basis }: AsOfProgramProgressQuery): Promise<ProgramProgressView> {
    return this.replayer.programProgress(programId, asOf, basis);
  }
}

@QueryHandler(AsOfMarketProgressQuery)
export class AsOfMarketProgressHandler implements IQueryHandler<AsOfMarketProgressQuery, MarketProgressView> {
  constructor(private readonly replayer: AsOfReplayer) {}

  execute({ programId, market, asOf, basis }: AsOfMarketProgressQuery): Promise<MarketProgressView> {
    return this.replayer.marketProgress(programId, market, asOf, basis);
  }
}
