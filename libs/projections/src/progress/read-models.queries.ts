import type { MarketDailyRow } from '../read-models/market-daily.projection';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import type { TimelineRow } from '../read-models/timeline.projection';
import type { ProjectionRunner } from '../runner/projection-runner';

/** Typed queries on the read models (active generations). Cost depends on one program's size, never on the log's. */
export class ReadModels {
  constructor(private readonly runner: ProjectionRunner) {}

  programs(): ProgramRow[] {
    return this.runner.reader.all<ProgramRow>('programs', 'SELECT * FROM {programs} ORDER BY program_id');
  }

  program(programId: string): ProgramRow | undefined {
    return this.runner.reader.get<ProgramRow>(
      'programs',
      'SELECT * FROM {programs} WHERE program_id = ?',
      programId,
    );
  }

  markets(programId: string): MarketProgressRow[] {
    return this.runner.reader.all<MarketProgressRow>(
      'market-progress',
      'SELECT * FROM {market_progress} WHERE program_id = ? ORDER BY market',
      programId,
    );
  }

  market(programId: string, market: string): MarketProgressRow | undefined {
    return this.runner.reader.get<MarketProgressRow>(
      'market-progress',
      'SELECT * FROM {market_progress} WHERE program_id = ? AND market = ?',
      programId,
      market,
    );
  }

  daily(programId: string, market: string): MarketDailyRow[] {
    return this.runner.reader.all<MarketDailyRow>(
      'market-daily',
      'SELECT * FROM {market_daily} WHERE program_id = ? AND market = ? ORDER BY day',
      programId,
      market,
    );
  }

  /** The latest steps by when they happened, program-wide or for one market. */
  timeline(programId: string, market: string | undefined, limit: number): TimelineRow[] {
    if (market !== undefined) {
      return this.runner.reader.all<TimelineRow>(
        'timeline',
        'SELECT * FROM {timeline} WHERE program_id = ? AND market = ? ORDER BY occurred_at DESC, position DESC LIMIT ?',
        programId,
        market,
        limit,
      );
    }
    // Per market through the index, then merged: the cost stays that of `limit` rows per market.
    const markets = [null, ...this.markets(programId).map((row) => row.market)];
    const rows = markets.flatMap((m) =>
      this.runner.reader.all<TimelineRow>(
        'timeline',
        'SELECT * FROM {timeline} WHERE program_id = ? AND market IS ? ORDER BY occurred_at DESC, position DESC LIMIT ?',
        programId,
        m,
        limit,
      ),
    );
    return rows
      .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.position - a.position)
      .slice(0, limit);
  }
}
