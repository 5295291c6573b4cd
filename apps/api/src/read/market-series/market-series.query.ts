import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays } from '@app/domain';
import { ProgressService, ReadModels } from '@app/projections';

export class MarketSeriesQuery {
  constructor(
    readonly programId: string,
    readonly market: string,
  ) {}
}

export interface SeriesDay {
  day: string;
  copiedUsers: number;
  verifiedUsers: number;
  failedBatches: number;
  steps: number;
  cumulativeVerified: number;
}

export interface MarketSeries {
  programId: string;
  market: string;
  timeZone: string;
  usersInScope: number;
  deadline: string;
  days: SeriesDay[];
}

/** Daily throughput of a market, every local day from its first step to its last (zeros in between). */
@QueryHandler(MarketSeriesQuery)
export class MarketSeriesHandler implements IQueryHandler<MarketSeriesQuery, MarketSeries> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly progress: ProgressService,
  ) {}

  async execute({ programId, market }: MarketSeriesQuery): Promise<MarketSeries> {
    const program = this.progress.program(programId);
    const marketRow = this.progress.marketRow(programId, market);
    const rows = new Map(this.readModels.daily(programId, market).map((row) => [row.day, row]));
    const days: SeriesDay[] = [];
    const sorted = [...rows.keys()].sort();
    let cumulative = 0;
    for (let day = sorted[0]; day !== undefined && day <= sorted[sorted.length - 1]; day = addDays(day, 1)) {
      const row = rows.get(day);
      cumulative += row?.verified_users ?? 0;
      days.push({
        day,
        copiedUsers: row?.copied_users ?? 0,
        verifiedUsers: row?.verified_users ?? 0,
        failedBatches: row?.failed_batches ?? 0,
        steps: row?.steps ?? 0,
        cumulativeVerified: cumulative,
      });
    }
    return {
      programId,
      market,
      timeZone: program.time_zone,
      usersInScope: marketRow.users_in_scope,
      deadline: program.deadline,
      days,
    };
  }
}
