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
const MARKET = 'program_id = ? AND market = ? AND basis = ?';

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

  /** A market as every hour before `hour` left it, with the revision runs of `hour`'s own events. */
  marketBefore(programId: string, market: string, basis: IndexBasis, hour: number): MarketBefore {
    const key = [programId, market, basis] as const;
    const summary = this.reader.get<{ summary: string }>(
      NAME,
      `SELECT summary FROM {as_of_hours} WHERE ${MARKET} AND hour < ? ORDER BY hour DESC LIMIT 1`,
      ...key,
      hour,
    );
    const days = new Map<string, DayCounts>();
    const totals = this.reader.all<DayRow & { first_hour: number; last_hour: number }>(
      NAME,
      `SELECT day, first_hour, last_hour, copied_users, verified_users, failed_batches, steps FROM {as_of_days}
       WHERE ${MARKET} AND first_hour < ?`,
      ...key,
      hour,
    );
    for (const total of totals) {
      // A day with steps in this hour or later is summed from its hours: the others are whole already.
      const row =
        total.last_hour < hour
          ? total
          : this.reader.get<DayRow>(
              NAME,
              `SELECT day, sum(copied_users) AS copied_users, sum(verified_users) AS verified_users,
                 sum(failed_batches) AS failed_batches, sum(steps) AS steps
               FROM {as_of_day_hours} WHERE ${MARKET} AND day = ? AND hour < ?`,
              ...key,
              total.day,
              hour,
            );
      if (row) days.set(row.day, [row.copied_users, row.verified_users, row.failed_batches, row.steps]);
    }
    return {
      summary: summary === undefined ? emptySummary() : (JSON.parse(summary.summary) as MarketSummary),
      days,
      runs: this.runs(programId, market, basis, hour, hour),
    };
  }

  /** The revision runs of the market's events in hours `from` to `to` (both included), in order. */
  runs(programId: string, market: string, basis: IndexBasis, from: number, to: number): Runs {
    return this.reader
      .all<{ runs: string }>(
        NAME,
        `SELECT runs FROM {as_of_hours} WHERE ${MARKET} AND hour BETWEEN ? AND ? ORDER BY hour`,
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
    before: MarketBefore,
    private readonly zone: string,
    private readonly basis: IndexBasis,
    private readonly instantMs: number,
  ) {
    this.summary = before.summary;
    this.days = new Map(before.days);
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
    this.days.set(
      day,
      sum.map((value, i) => value + counts[i]) as DayCounts,
    );
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
    if (row || categories === undefined || [name, sourceRegion, timeZone].some((text) => typeof text !== 'string'))
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
