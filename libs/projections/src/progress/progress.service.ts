import { daysUntil, MarketNotEnrolledError, ProgramNotFoundError, type MarketStatus } from '@app/domain';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import type { ProgressCalculator } from './progress.calculator';
import type { MarketProgressView, ProgramProgressView } from './progress.views';
import type { ReadModels } from './read-models.queries';

/** Most in need of attention first; a finished market is never the riskiest. */
const SEVERITY: Record<MarketStatus, number> = {
  off_track: 0,
  at_risk: 1,
  not_started: 2,
  on_track: 3,
  completed_late: 4,
  completed: 5,
};

/** The reads progress needs: the live read models, or rows an as-of question built for its instant. */
export type ProgressReads = Pick<ReadModels, 'program' | 'markets' | 'market' | 'daily'>;

/** Progress of programs and markets against their deadline, as of now (the injected clock). */
export class ProgressService {
  constructor(
    private readonly readModels: ProgressReads,
    private readonly calculator: ProgressCalculator,
    private readonly clock: () => Date,
  ) {}

  program(programId: string): ProgramRow {
    const program = this.readModels.program(programId);
    if (!program) throw new ProgramNotFoundError({ programId, in: 'read_models' });
    return program;
  }

  marketRow(programId: string, market: string): MarketProgressRow {
    const row = this.readModels.market(programId, market);
    if (!row) throw new MarketNotEnrolledError({ programId, market });
    return row;
  }

  market(programId: string, market: string): MarketProgressView {
    const program = this.program(programId);
    const row = this.marketRow(programId, market);
    return this.calculator.market(program, row, this.readModels.daily(programId, market), this.clock(), true);
  }

  programProgress(programId: string): ProgramProgressView {
    const program = this.program(programId);
    const now = this.clock();
    const markets = this.readModels
      .markets(programId)
      .map((row) =>
        this.calculator.market(program, row, this.readModels.daily(programId, row.market), now, false),
      );
    const sum = (pick: (m: MarketProgressView) => number) => markets.reduce((total, m) => total + pick(m), 0);
    const usersInScope = sum((m) => m.usersInScope);
    const verifiedUsers = sum((m) => m.verifiedUsers);
    const byStatus = Object.fromEntries(Object.keys(SEVERITY).map((s) => [s, 0])) as Record<
      MarketStatus,
      number
    >;
    for (const m of markets) byStatus[m.status] += 1;
    return {
      programId: program.program_id,
      name: program.name,
      sourceRegion: program.source_region,
      deadline: program.deadline,
      timeZone: program.time_zone,
      dataCategories: JSON.parse(program.data_categories) as string[],
      asOf: now.toISOString(),
      daysLeft: Math.round(daysUntil(now, program.deadline) * 100) / 100,
      totals: {
        markets: markets.length,
        usersInScope,
        copiedUsers: sum((m) => m.copiedUsers),
        verifiedUsers,
        remainingUsers: sum((m) => m.remainingUsers),
        percentVerified: usersInScope === 0 ? 0 : Math.floor((verifiedUsers / usersInScope) * 10_000) / 100,
        byStatus,
        staleMarkets: markets.filter((m) => m.stale).length,
      },
      riskiestMarket: riskiest(markets),
      markets,
      position: Math.max(program.last_position, ...markets.map((m) => m.position)),
    };
  }
}

/** The worst status; among equals, the one furthest behind its required rate, then the least verified. */
function riskiest(markets: MarketProgressView[]): ProgramProgressView['riskiestMarket'] {
  const behind = (m: MarketProgressView) =>
    m.requiredRatePerDay ? m.throughputPerDay / m.requiredRatePerDay : Infinity;
  const candidates = markets.filter((m) => SEVERITY[m.status] <= SEVERITY.not_started);
  const [worst] = candidates.sort(
    (a, b) =>
      SEVERITY[a.status] - SEVERITY[b.status] ||
      behind(a) - behind(b) ||
      a.percentVerified - b.percentVerified,
  );
  return worst ? { market: worst.market, status: worst.status, reasons: worst.reasons } : null;
}
