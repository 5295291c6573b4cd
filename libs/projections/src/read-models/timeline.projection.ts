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
    const { programId, market, occurredAt, recordedAt, actor } = stepFacts(event);
    db.run(
      `INSERT INTO {timeline} (position, program_id, market, type, occurred_at, recorded_at, actor, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      Number(event.position),
      programId,
      market ?? null,
      event.type,
      occurredAt,
      recordedAt,
      actor,
      JSON.stringify(event.data),
    );
    return [{ programId, market }];
  },
};
