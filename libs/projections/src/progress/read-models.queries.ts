import type { MarketDailyRow } from '../read-models/market-daily.projection';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import {
  newestFirst,
  timelineRowOf,
  type StoredTimelineRow,
  type TimelineRow,
} from '../read-models/timeline.projection';
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
    const latest = 'ORDER BY occurred_ms DESC, position DESC LIMIT ?';
    if (market !== undefined) {
      return this.runner.reader
        .all<StoredTimelineRow>(
          'timeline',
          `SELECT * FROM {timeline} WHERE program_id = ? AND market = ? ${latest}`,
          programId,
          market,
          limit,
        )
        .map(timelineRowOf);
    }
    // Per market through the index, then merged: the cost stays that of `limit` rows per market.
    const markets = [null, ...this.markets(programId).map((row) => row.market)];
    const rows = markets.flatMap((m) =>
      this.runner.reader.all<StoredTimelineRow>(
        'timeline',
        `SELECT * FROM {timeline} WHERE program_id = ? AND market IS ? ${latest}`,
        programId,
        m,
        limit,
      ),
    );
    return rows.sort(newestFirst).slice(0, limit).map(timelineRowOf);
  }
}
