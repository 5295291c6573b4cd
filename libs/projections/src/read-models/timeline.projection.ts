import { storedDataJson, type RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { stepFacts, trackerEvent, type TrackerEvent } from './event-fields';
import { multiRowInsert, RowBatch } from './row-batch';

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

// Fifty rows per INSERT: a rebuild writes one row per event.
const INSERT = multiRowInsert(
  'INSERT INTO {timeline} (position, program_id, market, type, occurred_at, recorded_at, actor, data)',
  8,
  50,
);

/** The values of one timeline row, in the column order of the INSERT statements. */
function timelineRow(
  event: TrackerEvent,
): [number, string, string | null, string, string, string, string, string] {
  const { programId, market, occurredAt, recordedAt, actor } = stepFacts(event);
  return [
    Number(event.position),
    programId,
    market ?? null,
    event.type,
    occurredAt,
    recordedAt,
    actor,
    storedDataJson(event as RecordedEvent) ?? JSON.stringify(event.data),
  ];
}

/** Every step of every program, ordered for reading by when it happened (late entries land in place). */
export const timelineProjection: Projection = {
  name: 'timeline',
  version: 1,
  tables: [
    {
      logical: 'timeline',
      ddl: (t) => [
        `CREATE TABLE ${t} (position INTEGER PRIMARY KEY, program_id TEXT NOT NULL, market TEXT, type TEXT NOT NULL,
          occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL)`,
      ],
      // The latest steps of a market. Kept up row by row through a rebuild (each batch adds steps at ~35 places
      // of it), it cost a sixth of the rebuild; built in one sorted pass once the generation caught up, less
      // than half of that.
      indexes: (t) => [`CREATE INDEX IF NOT EXISTS ${t}_by_market ON ${t} (program_id, market, occurred_at)`],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    // Other kinds of events (audit checkpoints, say) share the log; they are not steps.
    const tracked = trackerEvent(event);
    if (tracked === undefined) return;
    const { programId, market } = stepFacts(tracked);
    db.run(INSERT.one, ...timelineRow(tracked));
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
      const row = timelineRow(tracked);
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
