import { createZonedDayLookup, marketStreamId, programStreamId } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionContext } from '../runner/projection';
import { isBatchStep } from './batch-step-totals';
import { multiRowInsert, RowBatch } from './row-batch';
import {
  stepFacts,
  trackerEvent,
  trackerMarketEvent,
  type TrackerEvent,
  type TrackerMarketEvent,
} from './event-fields';
import { emptySummary, mergeInto, summaryOf, summaryText, type MarketSummary } from './as-of-summary';
import { placeEvents, type PlacedEvent, type Runs, type Span } from './as-of-spans';

/*
 * The as-of index: what progress reads (market rows and daily series) for any instant of the past, on both
 * bases, without replaying the history. Per market and basis ('r' recorded, 'o' occurred), the events, in
 * order of their instant on that basis (milliseconds), are cut into spans of about SPAN_EVENTS events
 * (as-of-spans.ts). A span's row holds the summary of all the market's events up to its end (as-of-summary.ts:
 * merged, not folded, so a late entry is added to its span and the spans after it) and the revision runs of
 * its own events in the market stream. Users per local day are kept per day and span, with a total per day.
 * An answer for T is the summary of the spans before T's span, plus the events of T's span known at T read
 * from the store (at most about SPAN_EVENTS per market), plus the day totals (as-of-index.reads.ts). A row per
 * span instead of a row per hour (version 1): a rebuild writes a span row per SPAN_EVENTS events and basis,
 * not one per event, and an answer reads at most about SPAN_EVENTS events per market however dense the hours.
 * A program whose log breaks what merging needs (a market event before its enrolment, a second enrolment or
 * ProgramCreated, an event in another program's stream, an instant that is no date, a count that is no safe
 * integer) is marked irregular: its as-of questions go to the full replay.
 */

/**
 * About how many events a span holds: what an as-of answer reads from the log per market, at most. 32 made an
 * answer on a 100k-event program read ~265 events (7 markets); 8 reads ~80, for ~100 bytes an event of span rows
 * (a row per span and basis).
 */
export const SPAN_EVENTS = 8;

export type IndexBasis = 'r' | 'o';
export type DayCounts = [copied: number, verified: number, failed: number, steps: number];

const dayInZone = createZonedDayLookup();

/** The program's time zone for days, and why its index may not be used (null: it may). */
interface ProgramState {
  zone: string;
  irregular: string | null;
}

interface GroupWork {
  programId: string;
  market: string;
  basis: IndexBasis;
  /** What the batch adds per instant (milliseconds). */
  instants: Map<number, MarketSummary>;
  /** The batch's events, in log order. */
  events: PlacedEvent[];
  /** Per local day, the counts the batch adds per instant. */
  days: Map<string, Map<number, DayCounts>>;
}

/** The counts one event adds to its local day, or undefined for milestones. */
export function dayCountsOf(event: TrackerEvent): DayCounts | undefined {
  if (!isBatchStep(event)) return undefined;
  const users = event.data.users;
  switch (event.type) {
    case 'BatchCopied':
      return [users, 0, 0, 1];
    case 'BatchVerified':
      return [0, users, 0, 1];
    case 'BatchFailed':
      return [0, 0, 1, 1];
  }
}

/** The instant of an event on a basis, as the as-of replay compares it (NaN: no date). */
export function basisInstant(event: TrackerEvent, basis: IndexBasis): number {
  const facts = stepFacts(event);
  return Date.parse(basis === 'r' ? facts.recordedAt : facts.occurredAt);
}

/** The local day of a step as market-daily counts it. */
export function stepDay(event: TrackerEvent, zone: string): string {
  return dayInZone(stepFacts(event).occurredAt, zone);
}

const isSafeCount = (value: unknown) => value === undefined || Number.isSafeInteger(value);

/** Numbers the read models add up or store: anything but safe integers would make sums depend on their order. */
function irregularValues(event: TrackerEvent): string | null {
  const data = event.data as Readonly<Record<string, unknown>>;
  for (const name of ['users', 'bytes', 'attempt', 'usersInScope', 'bytesInScope']) {
    if (!isSafeCount(data[name])) return `${name} of ${event.type} at ${event.position} is no safe integer`;
  }
  if (data.plannedStart !== undefined && typeof data.plannedStart !== 'string')
    return `plannedStart at ${event.position} is no text`;
  return null;
}

const SPAN_ROWS = multiRowInsert(
  'INSERT OR REPLACE INTO {as_of_spans} (program_id, market, basis, first_at, last_at, events, summary, runs)',
  8,
  50,
);
const SPAN_DAY_ROWS = multiRowInsert(
  'INSERT INTO {as_of_span_days} (program_id, market, basis, day, span, copied_users, verified_users, failed_batches, steps)',
  9,
  50,
  `ON CONFLICT (program_id, market, basis, day, span) DO UPDATE SET
   copied_users = copied_users + excluded.copied_users, verified_users = verified_users + excluded.verified_users,
   failed_batches = failed_batches + excluded.failed_batches, steps = steps + excluded.steps`,
);
const DAY_ROWS = multiRowInsert(
  `INSERT INTO {as_of_days} (program_id, market, basis, day, first_at, last_at, copied_users, verified_users,
     failed_batches, steps)`,
  10,
  50,
  `ON CONFLICT (program_id, market, basis, day) DO UPDATE SET first_at = min(first_at, excluded.first_at),
   last_at = max(last_at, excluded.last_at), copied_users = copied_users + excluded.copied_users,
   verified_users = verified_users + excluded.verified_users,
   failed_batches = failed_batches + excluded.failed_batches, steps = steps + excluded.steps`,
);

/** One batch of the log's events turned into index rows: grouped in memory, each row written once. */
class IndexBatch {
  private readonly programs = new Map<string, ProgramState>();
  private readonly streams = new Map<string, number | undefined>();
  private readonly groups = new Map<string, GroupWork>();
  private readonly spanRows = new RowBatch(SPAN_ROWS);
  private readonly spanDayRows = new RowBatch(SPAN_DAY_ROWS);
  private readonly dayRows = new RowBatch(DAY_ROWS);
  /** The streams' last revisions to write: stream -> program, market, revision. */
  private readonly heads = new Map<string, [string, string, number]>();
  /** The groups of the last event, per basis: a stream's events come in runs. */
  private readonly last: Partial<Record<IndexBasis, GroupWork>> = {};

  constructor(
    private readonly db: ProjectionContext,
    private readonly spanEvents: number,
  ) {}

  add(event: RecordedEvent): void {
    const tracked = trackerEvent(event);
    if (tracked === undefined) return;
    const programId = (tracked.data as { programId?: unknown }).programId;
    if (typeof programId !== 'string') return;
    if (tracked.type === 'ProgramCreated' || tracked.type === 'DeadlineRevised') {
      this.programEvent(tracked, programId);
      return;
    }
    const marketEvent = trackerMarketEvent(event);
    if (marketEvent === undefined) return;
    const program = this.program(programId) ?? this.createProgram(programId, 'UTC', 'market event first');
    const market = (tracked.data as { market?: unknown }).market;
    if (typeof market !== 'string') return this.markIrregular(programId, `no market at ${event.position}`);
    const streamId = marketStreamId(programId, market);
    if (tracked.streamId !== streamId)
      this.markIrregular(programId, `${tracked.type} at ${event.position} in ${tracked.streamId}`);
    const head = this.streamRevision(streamId);
    if ((tracked.type === 'MarketEnrolled') !== (head === undefined))
      this.markIrregular(programId, `${tracked.type} at ${event.position}: enrolment out of order`);
    this.setRevision(streamId, programId, market, Number(tracked.revision));
    if (program.irregular !== null) return;
    try {
      this.indexMarketEvent(marketEvent, programId, market, program.zone);
    } catch (error) {
      this.markIrregular(programId, error instanceof Error ? error.message : String(error));
    }
  }

  private indexMarketEvent(event: TrackerMarketEvent, programId: string, market: string, zone: string): void {
    const irregular = irregularValues(event);
    if (irregular !== null) throw new Error(irregular);
    const summary = summaryOf(event);
    const counts = dayCountsOf(event);
    const facts = stepFacts(event);
    const day = counts === undefined ? undefined : dayInZone(facts.occurredAt, zone);
    const revision = Number(event.revision);
    const recorded = Date.parse(facts.recordedAt);
    const occurred = Date.parse(facts.occurredAt);
    if (Number.isNaN(recorded) || Number.isNaN(occurred))
      throw new Error(`an instant of ${event.position} is no date`);
    this.addTo(programId, market, 'r', recorded, summary, revision, day, counts);
    this.addTo(programId, market, 'o', occurred, summary, revision, day, counts);
  }

  private addTo(
    programId: string,
    market: string,
    basis: IndexBasis,
    at: number,
    summary: MarketSummary,
    revision: number,
    day: string | undefined,
    counts: DayCounts | undefined,
  ): void {
    const group = this.group(programId, market, basis);
    let work = group.instants.get(at);
    if (work === undefined) {
      work = emptySummary();
      group.instants.set(at, work);
    }
    mergeInto(work, summary);
    group.events.push({ at, revision });
    if (counts === undefined || day === undefined) return;
    let instants = group.days.get(day);
    if (instants === undefined) {
      instants = new Map();
      group.days.set(day, instants);
    }
    const sum = instants.get(at);
    if (sum === undefined) instants.set(at, [...counts]);
    else addCounts(sum, counts);
  }

  private programEvent(event: TrackerEvent, programId: string): void {
    if (event.streamId !== programStreamId(programId))
      this.markIrregular(programId, `${event.type} at ${event.position} in ${event.streamId}`);
    if (event.type !== 'ProgramCreated') return;
    const zone = (event.data as { timeZone?: unknown }).timeZone;
    if (this.program(programId) !== undefined)
      return this.markIrregular(programId, `ProgramCreated again at ${event.position}`);
    this.createProgram(
      programId,
      typeof zone === 'string' ? zone : 'UTC',
      typeof zone === 'string' ? null : 'no zone',
    );
  }

  private program(programId: string): ProgramState | undefined {
    if (!this.programs.has(programId)) {
      const row = this.db.get<{ time_zone: string; irregular: string | null }>(
        'SELECT time_zone, irregular FROM {as_of_programs} WHERE program_id = ?',
        programId,
      );
      if (row !== undefined) this.programs.set(programId, { zone: row.time_zone, irregular: row.irregular });
    }
    return this.programs.get(programId);
  }

  private createProgram(programId: string, zone: string, irregular: string | null): ProgramState {
    this.db.run(
      'INSERT INTO {as_of_programs} (program_id, time_zone, irregular) VALUES (?, ?, ?)',
      programId,
      zone,
      irregular,
    );
    const state = { zone, irregular };
    this.programs.set(programId, state);
    return state;
  }

  private markIrregular(programId: string, reason: string): void {
    const state = this.program(programId) ?? this.createProgram(programId, 'UTC', reason);
    if (state.irregular !== null) return;
    state.irregular = reason;
    this.db.run('UPDATE {as_of_programs} SET irregular = ? WHERE program_id = ?', reason, programId);
  }

  private streamRevision(streamId: string): number | undefined {
    if (!this.streams.has(streamId)) {
      const row = this.db.get<{ revision: number }>(
        'SELECT revision FROM {as_of_streams} WHERE stream_id = ?',
        streamId,
      );
      this.streams.set(streamId, row?.revision);
    }
    return this.streams.get(streamId);
  }

  private setRevision(streamId: string, programId: string, market: string, revision: number): void {
    this.streams.set(streamId, revision);
    this.heads.set(streamId, [programId, market, revision]);
  }

  private group(programId: string, market: string, basis: IndexBasis): GroupWork {
    const last = this.last[basis];
    if (last !== undefined && last.market === market && last.programId === programId) return last;
    const key = `${programId}\u0000${market}\u0000${basis}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { programId, market, basis, instants: new Map(), events: [], days: new Map() };
      this.groups.set(key, group);
    }
    this.last[basis] = group;
    return group;
  }

  flush(): void {
    for (const [streamId, [programId, market, revision]] of this.heads) {
      this.db.run(
        `INSERT INTO {as_of_streams} (stream_id, program_id, market, revision) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
        streamId,
        programId,
        market,
        revision,
      );
    }
    for (const group of this.groups.values()) {
      if (this.programs.get(group.programId)?.irregular !== null) continue;
      const spanOf = this.writeSpans(group);
      this.writeDays(group, spanOf);
    }
    for (const rows of [this.spanRows, this.spanDayRows, this.dayRows]) rows.flush(this.db);
  }

  /** The spans the group's new events go to, each rewritten with its new summary; returns instant -> span. */
  private writeSpans({ programId, market, basis, instants, events }: GroupWork): Map<number, number> {
    let first = Infinity;
    for (const at of instants.keys()) first = Math.min(first, at);
    const stored = this.db.all<SpanRow>(
      `SELECT first_at, last_at, events, summary, runs FROM {as_of_spans}
       WHERE program_id = ? AND market = ? AND basis = ? AND first_at >=
        coalesce((SELECT max(first_at) FROM {as_of_spans} WHERE program_id = ? AND market = ? AND basis = ?
          AND first_at <= ?), ?)
       ORDER BY first_at`,
      programId,
      market,
      basis,
      programId,
      market,
      basis,
      first,
      first,
    );
    const { spans, spanOf } = placeEvents(stored.map(spanOfRow), events, instants, this.spanEvents);
    for (const span of spans) {
      this.spanRows.add(this.db, [
        programId,
        market,
        basis,
        span.first,
        span.last,
        span.events,
        summaryText(span.summary),
        JSON.stringify(span.runs),
      ]);
    }
    return spanOf;
  }

  /** Adds the group's step counts to their days, and to their days in each span. */
  private writeDays({ programId, market, basis, days }: GroupWork, spanOf: Map<number, number>): void {
    for (const [day, instants] of days) {
      const total: DayCounts = [0, 0, 0, 0];
      let [first, last] = [Infinity, -Infinity];
      const bySpan = new Map<number, DayCounts>();
      for (const [at, counts] of instants) {
        addCounts(total, counts);
        [first, last] = [Math.min(first, at), Math.max(last, at)];
        const span = spanOf.get(at)!;
        const inSpan = bySpan.get(span);
        if (inSpan === undefined) bySpan.set(span, [...counts]);
        else addCounts(inSpan, counts);
      }
      this.dayRows.add(this.db, [programId, market, basis, day, first, last, ...total]);
      for (const [span, counts] of bySpan)
        this.spanDayRows.add(this.db, [programId, market, basis, day, span, ...counts]);
    }
  }
}

function addCounts(into: DayCounts, counts: DayCounts): void {
  for (let c = 0; c < 4; c++) into[c] += counts[c];
}

interface SpanRow {
  first_at: number;
  last_at: number;
  events: number;
  summary: string;
  runs: string;
}

const spanOfRow = (row: SpanRow): Span => ({
  first: row.first_at,
  last: row.last_at,
  events: row.events,
  summary: JSON.parse(row.summary) as MarketSummary,
  runs: JSON.parse(row.runs) as Runs,
});

const KEY = 'program_id TEXT NOT NULL, market TEXT NOT NULL, basis TEXT NOT NULL';
const COUNTS = `copied_users INTEGER NOT NULL, verified_users INTEGER NOT NULL, failed_batches INTEGER NOT NULL,
  steps INTEGER NOT NULL`;

/** The index with spans of about `spanEvents` events (tests make them small, to have many). */
export const createAsOfIndexProjection = (spanEvents = SPAN_EVENTS): Projection => ({
  name: 'as-of-index',
  // 2: spans of about SPAN_EVENTS events, by instant, instead of a row per hour (1).
  version: 2,
  // An accelerator: as-of questions go to the replay while it is behind (see Projection.trailing).
  trailing: true,
  tables: [
    {
      logical: 'as_of_programs',
      ddl: (t) => [
        `CREATE TABLE ${t} (program_id TEXT PRIMARY KEY, time_zone TEXT NOT NULL, irregular TEXT)`,
      ],
    },
    {
      logical: 'as_of_streams',
      ddl: (t) => [
        `CREATE TABLE ${t} (stream_id TEXT PRIMARY KEY, program_id TEXT NOT NULL, market TEXT NOT NULL,
          revision INTEGER NOT NULL)`,
      ],
    },
    {
      logical: 'as_of_spans',
      ddl: (t) => [
        `CREATE TABLE ${t} (${KEY}, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL,
          events INTEGER NOT NULL, summary TEXT NOT NULL, runs TEXT NOT NULL,
          PRIMARY KEY (program_id, market, basis, first_at)) WITHOUT ROWID`,
      ],
    },
    {
      logical: 'as_of_span_days',
      ddl: (t) => [
        `CREATE TABLE ${t} (${KEY}, day TEXT NOT NULL, span INTEGER NOT NULL, ${COUNTS},
          PRIMARY KEY (program_id, market, basis, day, span)) WITHOUT ROWID`,
      ],
    },
    {
      logical: 'as_of_days',
      ddl: (t) => [
        `CREATE TABLE ${t} (${KEY}, day TEXT NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL,
          ${COUNTS}, PRIMARY KEY (program_id, market, basis, day)) WITHOUT ROWID`,
      ],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): void {
    applyEvents([event], db, spanEvents);
  },
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): void {
    applyEvents(events, db, spanEvents);
  },
});

function applyEvents(events: readonly RecordedEvent[], db: ProjectionContext, spanEvents: number): void {
  const batch = new IndexBatch(db, spanEvents);
  for (const event of events) batch.add(event);
  batch.flush();
}

export const asOfIndexProjection = createAsOfIndexProjection();
