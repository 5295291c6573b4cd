import type { RecordedEvent } from '@app/event-store';
import type { ProjectionReader } from '../runner/projection-reader';
import {
  AS_OF_HOUR_MS,
  asOfIndexProjection,
  basisInstant,
  dayCountsOf,
  stepDay,
  type DayCounts,
  type IndexBasis,
  type Runs,
} from './as-of-index.projection';
import { emptySummary, marketRowOf, mergeSummaries, summaryOf, type MarketSummary } from './as-of-summary';
import { stepFacts, textField, trackerEvent, trackerMarketEvent } from './event-fields';
import type { MarketDailyRow } from './market-daily.projection';
import type { MarketProgressRow } from './market-progress.projection';
import type { ProgramRow } from './programs.projection';

const NAME = asOfIndexProjection.name;

/** The hour an instant falls in: the index holds every hour before it; its own hour is read from the log. */
export const hourOf = (instantMs: number): number => Math.floor(instantMs / AS_OF_HOUR_MS);

/** Queries on the as-of index (as-of-index.projection.ts), on its active generation. */
export class AsOfIndexReads {
  constructor(private readonly reader: ProjectionReader) {}

  /** The program's time zone and whether its index may be used (irregular: null when it may). */
  program(programId: string): { zone: string; irregular: string | null } | undefined {
    const row = this.reader.get<{ time_zone: string; irregular: string | null }>(
      NAME,
      'SELECT time_zone, irregular FROM {as_of_programs} WHERE program_id = ?',
      programId,
    );
    return row && { zone: row.time_zone, irregular: row.irregular };
  }

  /** The last revision the index holds of each of the program's market streams. */
  revisions(programId: string): Map<string, number> {
    const rows = this.reader.all<{ stream_id: string; revision: number }>(
      NAME,
      'SELECT stream_id, revision FROM {as_of_streams} WHERE program_id = ?',
      programId,
    );
    return new Map(rows.map((row) => [row.stream_id, row.revision]));
  }

  /**
   * Every market of the program as the hours before `hour` left it, with the revision runs of `hour`'s own
   * events, and the revision of its stream the index holds: four queries for the whole program.
   */
  marketsBefore(programId: string, basis: IndexBasis, hour: number): Map<string, MarketBefore> {
    const markets = new Map<string, MarketBefore>();
    const params = { programId, basis, hour };
    const rows = this.reader.all<{
      market: string;
      revision: number;
      summary: string | null;
      runs: string | null;
    }>(
      NAME,
      `SELECT s.market, s.revision,
         (SELECT summary FROM {as_of_hours} h WHERE h.program_id = s.program_id AND h.market = s.market
           AND h.basis = @basis AND h.hour < @hour ORDER BY h.hour DESC LIMIT 1) AS summary,
         (SELECT runs FROM {as_of_hours} h WHERE h.program_id = s.program_id AND h.market = s.market
           AND h.basis = @basis AND h.hour = @hour) AS runs
       FROM {as_of_streams} s WHERE s.program_id = @programId`,
      params,
    );
    for (const row of rows) {
      markets.set(row.market, {
        revision: row.revision,
        summary: row.summary === null ? emptySummary() : (JSON.parse(row.summary) as MarketSummary),
        days: new Map(),
        runs: row.runs === null ? [] : (JSON.parse(row.runs) as Runs),
      });
    }
    const days = this.reader.all<DayRow & { market: string }>(
      NAME,
      `SELECT market, day, copied_users, verified_users, failed_batches, steps FROM {as_of_days}
       WHERE program_id = @programId AND basis = @basis AND first_hour < @hour`,
      params,
    );
    // A day with steps in this hour or later is summed from its hours before it: the others are whole.
    const partDays = this.reader.all<DayRow & { market: string }>(
      NAME,
      `SELECT d.market, d.day, sum(h.copied_users) AS copied_users, sum(h.verified_users) AS verified_users,
         sum(h.failed_batches) AS failed_batches, sum(h.steps) AS steps
       FROM {as_of_days} d JOIN {as_of_day_hours} h ON h.program_id = d.program_id AND h.market = d.market
         AND h.basis = d.basis AND h.day = d.day AND h.hour < @hour
       WHERE d.program_id = @programId AND d.basis = @basis AND d.first_hour < @hour AND d.last_hour >= @hour
       GROUP BY d.market, d.day`,
      params,
    );
    for (const row of [...days, ...partDays]) {
      markets
        .get(row.market)
        ?.days.set(row.day, [row.copied_users, row.verified_users, row.failed_batches, row.steps]);
    }
    return markets;
  }

  /** The revision runs of the market's events in hours `from` to `to` (both included), in order. */
  runs(programId: string, market: string, basis: IndexBasis, from: number, to: number): Runs {
    return this.reader
      .all<{ runs: string }>(
        NAME,
        `SELECT runs FROM {as_of_hours} WHERE program_id = ? AND market = ? AND basis = ? AND hour BETWEEN ? AND ?
         ORDER BY hour`,
        programId,
        market,
        basis,
        from,
        to,
      )
      .flatMap((row) => JSON.parse(row.runs) as Runs);
  }
}

interface DayRow {
  day: string;
  copied_users: number;
  verified_users: number;
  failed_batches: number;
  steps: number;
}

export interface MarketBefore {
  /** The last revision of the market's stream in the index. */
  revision: number;
  summary: MarketSummary;
  days: Map<string, DayCounts>;
  runs: Runs;
}

/**
 * One market at an instant: the index's hours before it, plus the events of its own hour known by then
 * (`add` takes any event of the runs and keeps those). Gives the rows the replay's read models would hold.
 */
export class MarketAt {
  private summary: MarketSummary;
  private readonly days: Map<string, DayCounts>;
  private readonly hour: number;

  constructor(
    readonly programId: string,
    readonly market: string,
    /** Undefined: the index has nothing of the market (nothing before, nothing in the hour). */
    before: MarketBefore | undefined,
    private readonly zone: string,
    private readonly basis: IndexBasis,
    private readonly instantMs: number,
  ) {
    this.summary = before?.summary ?? emptySummary();
    this.days = new Map(before?.days);
    this.hour = hourOf(instantMs);
  }

  add(event: RecordedEvent): void {
    const marketEvent = trackerMarketEvent(event);
    if (marketEvent === undefined) return;
    const at = basisInstant(marketEvent, this.basis);
    if (!(at <= this.instantMs) || hourOf(at) !== this.hour) return;
    this.summary = mergeSummaries(this.summary, summaryOf(marketEvent));
    const counts = dayCountsOf(marketEvent);
    if (counts === undefined) return;
    const day = stepDay(marketEvent, this.zone);
    const sum = this.days.get(day) ?? [0, 0, 0, 0];
    this.days.set(day, sum.map((value, i) => value + counts[i]) as DayCounts);
  }

  row(): MarketProgressRow | undefined {
    return marketRowOf(this.programId, this.market, this.summary);
  }

  daily(): MarketDailyRow[] {
    return [...this.days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([day, [copied, verified, failed, steps]]) => ({
        program_id: this.programId,
        market: this.market,
        day,
        copied_users: copied,
        verified_users: verified,
        failed_batches: failed,
        steps,
      }));
  }
}

/**
 * The programs row of `programId` from its stream's events known at the instant, as the programs projection
 * folds them (it throws where that projection would fail: a second ProgramCreated, a field it cannot store).
 */
export function programRowAt(
  events: readonly RecordedEvent[],
  programId: string,
  basis: IndexBasis,
  instantMs: number,
): ProgramRow | undefined {
  let row: ProgramRow | undefined;
  for (const event of events) {
    const tracked = trackerEvent(event);
    if (tracked?.type !== 'ProgramCreated' && tracked?.type !== 'DeadlineRevised') continue;
    if (!(basisInstant(tracked, basis) <= instantMs)) continue;
    const facts = stepFacts(tracked);
    if (facts.programId !== programId) continue;
    const deadline = textField(tracked, 'deadline');
    if (deadline === null) throw new Error(`${tracked.type} at ${event.position}: no deadline`);
    if (tracked.type === 'DeadlineRevised') {
      if (row) Object.assign(row, { deadline, deadline_revisions: row.deadline_revisions + 1 });
      if (row) row.last_position = Number(event.position);
      continue;
    }
    const { name, sourceRegion, timeZone, dataCategories } = tracked.data;
    const categories = JSON.stringify(dataCategories) as string | undefined;
    if (
      row ||
      categories === undefined ||
      [name, sourceRegion, timeZone].some((text) => typeof text !== 'string')
    )
      throw new Error(`ProgramCreated at ${event.position} the programs projection would not store`);
    row = {
      program_id: programId,
      name,
      source_region: sourceRegion,
      deadline,
      time_zone: timeZone,
      data_categories: categories,
      created_at: facts.occurredAt,
      deadline_revisions: 0,
      last_position: Number(event.position),
    };
  }
  return row;
}
