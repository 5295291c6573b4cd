import { storedDataJson, type RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { stepFacts, trackerEvent, type TrackerEvent } from './event-fields';
import { exactMs } from './exact-instant';
import { multiRowInsert, RowBatch } from './row-batch';

/** One step as the timeline route answers it (decoded from a stored row by `timelineRowOf`). */
export interface TimelineRow {
  position: number;
  program_id: string;
  market: string | null;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  data: string;
}

/**
 * One step as stored, compact: the table holds a row per event of the log, so every byte counts ten million
 * times. Instants are integers (milliseconds) whenever the text is what `toISOString` writes back, which is
 * what the API stores; any other text is kept as it was (`occurred_text`, or `recorded` as text). `data`
 * drops the leading `{"programId":…,"market":…` that the row's own columns repeat, when the stored text
 * starts with exactly that (what is left starts with `,` or `}`); any other text is kept whole (it starts with `{`).
 */
export interface StoredTimelineRow {
  position: number;
  program_id: string;
  market: string | null;
  type: string;
  /** The instant it happened, for ordering; null when the text is no date. */
  occurred_ms: number | null;
  /** The text of occurredAt when `occurred_ms` does not give it back exactly, else null. */
  occurred_text: string | null;
  /** recordedAt: milliseconds, or its text when milliseconds would not give it back. */
  recorded: number | string;
  actor: string;
  data: string;
}

// Fifty rows per INSERT: a rebuild writes one row per event.
const INSERT = multiRowInsert(
  'INSERT INTO {timeline} (position, program_id, market, type, occurred_ms, occurred_text, recorded, actor, data)',
  9,
  50,
);

/** What the row's program and market columns already say, as the stored data text starts with it. */
function dataPrefix(programId: string, market: string | null): string {
  return `{"programId":${JSON.stringify(programId)}${market === null ? '' : `,"market":${JSON.stringify(market)}`}`;
}

function compactData(json: string, programId: string, market: string | null): string {
  // What is left of a JSON object after that prefix never starts with `{`: a text that does is whole.
  const prefix = dataPrefix(programId, market);
  return json.startsWith(prefix) ? json.slice(prefix.length) : json;
}

/** The values of one stored row, in the column order of the INSERT statements. */
function timelineValues(
  event: TrackerEvent,
): [number, string, string | null, string, number | null, string | null, number | string, string, string] {
  const { programId, market, occurredAt, recordedAt, actor } = stepFacts(event);
  const exactOccurred = exactMs(occurredAt);
  const occurredMs = exactOccurred ?? Date.parse(occurredAt);
  return [
    Number(event.position),
    programId,
    market ?? null,
    event.type,
    Number.isFinite(occurredMs) ? occurredMs : null,
    exactOccurred === undefined ? occurredAt : null,
    exactMs(recordedAt) ?? recordedAt,
    actor,
    compactData(
      storedDataJson(event as RecordedEvent) ?? JSON.stringify(event.data),
      programId,
      market ?? null,
    ),
  ];
}

/** A stored row as the route answers it: the exact texts the log holds. */
export function timelineRowOf(row: StoredTimelineRow): TimelineRow {
  return {
    position: row.position,
    program_id: row.program_id,
    market: row.market,
    type: row.type,
    occurred_at: row.occurred_text ?? new Date(row.occurred_ms!).toISOString(),
    recorded_at: typeof row.recorded === 'number' ? new Date(row.recorded).toISOString() : row.recorded,
    actor: row.actor,
    data: row.data.startsWith('{') ? row.data : dataPrefix(row.program_id, row.market) + row.data,
  };
}

/** Newest first by when they happened (`occurred_ms`, then position): the order of the table's index. */
export function newestFirst(a: StoredTimelineRow, b: StoredTimelineRow): number {
  return (b.occurred_ms ?? -Infinity) - (a.occurred_ms ?? -Infinity) || b.position - a.position;
}

/** Every step of every program, ordered for reading by when it happened (late entries land in place). */
export const timelineProjection: Projection = {
  name: 'timeline',
  // 2: compact rows (integer instants, data without the program and market the columns hold).
  version: 2,
  tables: [
    {
      logical: 'timeline',
      ddl: (t) => [
        // `recorded` has no declared type: an integer stays one, a text stays a text.
        `CREATE TABLE ${t} (position INTEGER PRIMARY KEY, program_id TEXT NOT NULL, market TEXT, type TEXT NOT NULL,
          occurred_ms INTEGER, occurred_text TEXT, recorded NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL)`,
      ],
      // The latest steps of a market. Kept up row by row through a rebuild (each batch adds steps at ~35 places
      // of it), it cost a sixth of the rebuild; built in one sorted pass once the generation caught up, less
      // than half of that.
      indexes: (t) => [`CREATE INDEX IF NOT EXISTS ${t}_by_market ON ${t} (program_id, market, occurred_ms)`],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    // Other kinds of events (audit checkpoints, say) share the log; they are not steps.
    const tracked = trackerEvent(event);
    if (tracked === undefined) return;
    const { programId, market } = stepFacts(tracked);
    db.run(INSERT.one, ...timelineValues(tracked));
    return [{ programId, market }];
  },
  /** Many rows per INSERT statement: the rows are the same, the statements far fewer. */
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const notices = new Map<string, ChangeNotice>();
    const rows = new RowBatch(INSERT);
    let last: ChangeNotice | undefined;
    for (const event of events) {
      const tracked = trackerEvent(event);
      if (tracked === undefined) continue;
      const row = timelineValues(tracked);
      rows.add(db, row);
      const [, programId, market] = row;
      if (last?.programId === programId && last.market === (market ?? undefined)) continue;
      last = { programId, market: market ?? undefined };
      notices.set(`${programId}\u0000${market ?? ''}`, last);
    }
    rows.flush(db);
    return [...notices.values()];
  },
};
