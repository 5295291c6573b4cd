import type { RecordedEvent } from '@app/event-store';
import type { ProjectionReader } from '../runner/projection-reader';
import {
  asOfIndexProjection,
  basisInstant,
  dayCountsOf,
  stepDay,
  type DayCounts,
  type IndexBasis,
} from './as-of-index.projection';
import type { Runs } from './as-of-spans';
import { emptySummary, marketRowOf, mergeSummaries, summaryOf, type MarketSummary } from './as-of-summary';
import { stepFacts, textField, trackerEvent, trackerMarketEvent } from './event-fields';
import type { MarketDailyRow } from './market-daily.projection';
import type { MarketProgressRow } from './market-progress.projection';
import type { ProgramRow } from './programs.projection';

const NAME = asOfIndexProjection.name;

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
   * Every market of the program as the spans before the one holding `at` (ms) left it, with the revision runs of
   * that span's own events, and the revision of its stream the index holds: two queries for the whole program.
   */
  marketsBefore(programId: string, basis: IndexBasis, at: number): Map<string, MarketBefore> {
    const markets = new Map<string, MarketBefore>();
    const rows = this.reader.all<{
      market: string;
      revision: number;
      span: number | null;
      summary: string | null;
      runs: string | null;
    }>(
      NAME,
      // Per market: `span`, the first instant of the span holding `at` (null: every span starts after it).
      `WITH m AS (SELECT s.market, s.revision,
         (SELECT max(first_at) FROM {as_of_spans} h WHERE h.program_id = s.program_id AND h.market = s.market
           AND h.basis = @basis AND h.first_at <= @at) AS span
        FROM {as_of_streams} s WHERE s.program_id = @programId)
       SELECT m.market, m.revision, m.span,
         (SELECT summary FROM {as_of_spans} h WHERE h.program_id = @programId AND h.market = m.market
           AND h.basis = @basis AND h.first_at < m.span ORDER BY h.first_at DESC LIMIT 1) AS summary,
         (SELECT runs FROM {as_of_spans} h WHERE h.program_id = @programId AND h.market = m.market
           AND h.basis = @basis AND h.first_at = m.span) AS runs
       FROM m`,
      { programId, basis, at },
    );
    for (const row of rows) {
      markets.set(row.market, {
        revision: row.revision,
        from: row.span ?? at + 1,
        summary: row.summary === null ? emptySummary() : (JSON.parse(row.summary) as MarketSummary),
        days: new Map(),
        runs: row.runs === null ? [] : (JSON.parse(row.runs) as Runs),
      });
    }
    // Days whose steps all come before the span are whole; a day with steps in it or later is summed from
    // its spans before it. One pass over each market's days (the markets' spans as a table: CROSS JOIN keeps
    // the planner from scanning every day of the program per market).
    const spans = rows.filter((row) => row.span !== null).map((row) => [row.market, row.span]);
    const days = this.reader.all<DayRow & { market: string; part: string | null }>(
      NAME,
      `WITH m(market, span) AS (SELECT value ->> 0, value ->> 1 FROM json_each(@spans))
       SELECT m.market, d.day, d.copied_users, d.verified_users, d.failed_batches, d.steps,
         CASE WHEN d.last_at >= m.span THEN (SELECT json_array(sum(h.copied_users), sum(h.verified_users),
           sum(h.failed_batches), sum(h.steps)) FROM {as_of_span_days} h WHERE h.program_id = @programId
           AND h.market = m.market AND h.basis = @basis AND h.day = d.day AND h.span < m.span) END AS part
       FROM m CROSS JOIN {as_of_days} d ON d.program_id = @programId AND d.market = m.market AND d.basis = @basis
       WHERE d.first_at < m.span`,
      { programId, basis, spans: JSON.stringify(spans) },
    );
    for (const row of days) {
      const counts: DayCounts =
        row.part === null
          ? [row.copied_users, row.verified_users, row.failed_batches, row.steps]
          : (JSON.parse(row.part) as DayCounts);
      markets.get(row.market)?.days.set(row.day, counts);
    }
    return markets;
  }
  /** The revision runs of the market's events in the spans holding instants `from` to `to` (both included). */
  runs(programId: string, market: string, basis: IndexBasis, from: number, to: number): Runs {
    return this.reader
      .all<{ runs: string }>(
        NAME,
        `SELECT runs FROM {as_of_spans} WHERE program_id = @programId AND market = @market AND basis = @basis
           AND first_at <= @to AND first_at >= coalesce((SELECT max(first_at) FROM {as_of_spans}
             WHERE program_id = @programId AND market = @market AND basis = @basis AND first_at <= @from), @from)
         ORDER BY first_at`,
        { programId, market, basis, from, to },
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
  /** The first instant of the span holding the instant: `summary` and `days` hold every event before it. */
  from: number;
  summary: MarketSummary;
  days: Map<string, DayCounts>;
  runs: Runs;
}

/**
 * One market at an instant: the index's spans before the one holding it, plus the events of that span known
 * by then (`add` takes any event of the runs and keeps those). Gives the rows the replay's read models would
 * hold.
 */
export class MarketAt {
  private summary: MarketSummary;
  private readonly days: Map<string, DayCounts>;
  /** The events from this instant on are not in `summary` and `days`. */
  private readonly from: number;

  constructor(
    readonly programId: string,
    readonly market: string,
    /** Undefined: the index has nothing of the market. */
    before: MarketBefore | undefined,
    private readonly zone: string,
    private readonly basis: IndexBasis,
    private readonly instantMs: number,
  ) {
    this.summary = before?.summary ?? emptySummary();
    this.days = new Map(before?.days);
    this.from = before?.from ?? instantMs + 1;
  }

  add(event: RecordedEvent): void {
    const marketEvent = trackerMarketEvent(event);
    if (marketEvent === undefined) return;
    const at = basisInstant(marketEvent, this.basis);
    if (!(at <= this.instantMs) || at < this.from) return;
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
