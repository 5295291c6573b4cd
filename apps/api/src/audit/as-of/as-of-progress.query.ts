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

  async execute({ programId, asOf, basis }: AsOfProgramProgressQuery): Promise<ProgramProgressView> {
    const events = await this.replayer.programEvents(programId);
    return this.replayer.at(events, asOf, basis, (progress) => progress.programProgress(programId));
  }
}

@QueryHandler(AsOfMarketProgressQuery)
export class AsOfMarketProgressHandler implements IQueryHandler<AsOfMarketProgressQuery, MarketProgressView> {
  constructor(private readonly replayer: AsOfReplayer) {}

  async execute({ programId, market, asOf, basis }: AsOfMarketProgressQuery): Promise<MarketProgressView> {
    const events = await this.replayer.programEvents(programId);
    return this.replayer.at(events, asOf, basis, (progress) => progress.market(programId, market));
  }
}
