import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { stepFacts, textField, trackerEvent } from './event-fields';

export interface ProgramRow {
  program_id: string;
  name: string;
  source_region: string;
  deadline: string;
  time_zone: string;
  data_categories: string;
  created_at: string;
  deadline_revisions: number;
  last_position: number;
}

/** One row per program: its name, regions and current deadline. */
export const programsProjection: Projection = {
  name: 'programs',
  version: 1,
  tables: [
    {
      logical: 'programs',
      ddl: (t) => [
        `CREATE TABLE ${t} (program_id TEXT PRIMARY KEY, name TEXT NOT NULL, source_region TEXT NOT NULL,
          deadline TEXT NOT NULL, time_zone TEXT NOT NULL, data_categories TEXT NOT NULL, created_at TEXT NOT NULL,
          deadline_revisions INTEGER NOT NULL DEFAULT 0, last_position INTEGER NOT NULL)`,
      ],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    const tracked = trackerEvent(event);
    if (tracked?.type !== 'ProgramCreated' && tracked?.type !== 'DeadlineRevised') return;
    const { programId, occurredAt } = stepFacts(tracked);
    const position = Number(event.position);
    if (tracked.type === 'ProgramCreated') {
      const { data } = tracked;
      db.run(
        `INSERT INTO {programs} (program_id, name, source_region, deadline, time_zone, data_categories, created_at, last_position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        programId,
        data.name,
        data.sourceRegion,
        textField(tracked, 'deadline'),
        data.timeZone,
        JSON.stringify(data.dataCategories),
        occurredAt,
        position,
      );
    } else {
      db.run(
        `UPDATE {programs} SET deadline = ?, deadline_revisions = deadline_revisions + 1, last_position = ? WHERE program_id = ?`,
        textField(tracked, 'deadline'),
        position,
        programId,
      );
    }
    return [{ programId }];
  },
  /** The same, without going through the runner event by event: most events of the log are not programs'. */
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const notices: ChangeNotice[] = [];
    for (const event of events) {
      const changed = programsProjection.apply(event, db);
      if (changed) notices.push(...changed);
    }
    return notices;
  },
};
