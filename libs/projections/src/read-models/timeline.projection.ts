import { isMarketEvent, isProgramEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { stepFacts } from './event-fields';

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

const COLUMNS = 8;
const ROWS_PER_INSERT = 50;
const INSERT_ONE = `INSERT INTO {timeline} (position, program_id, market, type, occurred_at, recorded_at, actor, data)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_MANY = `INSERT INTO {timeline} (position, program_id, market, type, occurred_at, recorded_at, actor, data)
  VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

/** The values of one timeline row, in the column order of the INSERT statements. */
function timelineRow(
  event: RecordedEvent,
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
    JSON.stringify(event.data),
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
        `CREATE INDEX ${t}_by_market ON ${t} (program_id, market, occurred_at)`,
      ],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    // Other kinds of events (audit checkpoints, say) share the log; they are not steps.
    if (!isProgramEvent(event) && !isMarketEvent(event)) return;
    const { programId, market } = stepFacts(event);
    db.run(INSERT_ONE, ...timelineRow(event));
    return [{ programId, market }];
  },
  /** Many rows per INSERT statement: the rows are the same, the statements far fewer. */
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const notices = new Map<string, ChangeNotice>();
    let rows: unknown[] = [];
    const write = (count: number) => {
      db.run(count === ROWS_PER_INSERT ? INSERT_MANY : INSERT_ONE, ...rows);
      rows = [];
    };
    for (const event of events) {
      if (!isProgramEvent(event) && !isMarketEvent(event)) continue;
      const row = timelineRow(event);
      rows.push(...row);
      const [, programId, market] = row;
      if (rows.length === ROWS_PER_INSERT * COLUMNS) write(ROWS_PER_INSERT);
      notices.set(`${programId}\u0000${market ?? ''}`, { programId, market: market ?? undefined });
    }
    while (rows.length > 0) {
      const rest = rows.splice(COLUMNS);
      write(1);
      rows = rest;
    }
    return [...notices.values()];
  },
};
