import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqliteFile } from '@app/event-store';
import { bindToStore, type StoreBinding } from '../../shared/store-binding';

export type ProjectionActionKind = 'rebuild' | 'retry' | 'skip';

/** An operator's action on a projection, as every replica carries it out. */
export interface ProjectionAction {
  seq: number;
  projection: string;
  action: ProjectionActionKind;
  /** For a skip: the positions of the poison events skipped (a replica skips only those). */
  positions: string[];
  requestedBy: string;
  requestedAt: string;
}

export const PROJECTION_ACTIONS_FILENAME = 'projection-actions.sqlite';

/**
 * The projection admin actions taken on any replica, in the order they were taken: a SQLite file in the
 * shared data dir (next to the events file and the idempotency records), so that replicas on one store carry
 * out every rebuild, retry and skip, not only the one that received it. Append-only; small.
 */
export class ProjectionActionsStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string, string]>;
  private readonly after: Database.Statement<[number]>;
  private readonly last: Database.Statement<[]>;
  private readonly standingSkip: Database.Statement<[{ projection: string; position: string }]>;

  constructor(filename: string) {
    mkdirSync(dirname(filename), { recursive: true });
    // busy_timeout 5000: what better-sqlite3 set by default when this file was opened by hand.
    this.db = openSqliteFile(filename, {
      label: 'Projection actions',
      busyTimeoutMs: 5000,
      pragmas: ['synchronous = FULL'],
      migrations: [
        // IF NOT EXISTS: a file from before schema versions has the table already.
        (db) =>
          db.exec(`CREATE TABLE IF NOT EXISTS projection_actions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, projection TEXT NOT NULL, action TEXT NOT NULL,
            positions TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL)`),
      ],
    });
    this.insert = this.db.prepare(
      `INSERT INTO projection_actions (projection, action, positions, requested_by, requested_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.after = this.db.prepare('SELECT * FROM projection_actions WHERE seq > ? ORDER BY seq LIMIT 100');
    this.last = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM projection_actions');
    this.standingSkip = this.db.prepare(
      `SELECT EXISTS (SELECT 1 FROM projection_actions AS a, json_each(a.positions) AS p
         WHERE a.projection = @projection AND a.action = 'skip' AND p.value = @position
           AND a.seq > (SELECT COALESCE(MAX(seq), 0) FROM projection_actions
                        WHERE projection = @projection AND action = 'rebuild')) AS found`,
    );
  }

  record(action: Omit<ProjectionAction, 'seq'>): number {
    const info = this.insert.run(
      action.projection,
      action.action,
      JSON.stringify(action.positions),
      action.requestedBy,
      action.requestedAt,
    );
    return Number(info.lastInsertRowid);
  }

  /** Drops the actions when they were taken over another event store (see bindToStore). */
  bindToStore(identity: string | undefined): StoreBinding {
    return bindToStore(this.db, identity, ['projection_actions']);
  }

  /** Actions recorded after `seq`, oldest first (at most 100). */
  since(seq: number): ProjectionAction[] {
    return (this.after.all(seq) as Record<string, string | number>[]).map((row) => ({
      seq: Number(row.seq),
      projection: String(row.projection),
      action: String(row.action) as ProjectionActionKind,
      positions: JSON.parse(String(row.positions)) as string[],
      requestedBy: String(row.requested_by),
      requestedAt: String(row.requested_at),
    }));
  }

  /**
   * Whether an operator skipped the event at `position` in this projection, on any replica, since its last
   * rebuild: a replica that reaches that event later (it was behind, or new) skips it too, so that every
   * replica's read models hold the same events. A rebuild starts the projection over and the decision with it.
   */
  skipStands(projection: string, position: string): boolean {
    return (this.standingSkip.get({ projection, position }) as { found: number }).found === 1;
  }

  lastSeq(): number {
    return Number((this.last.get() as { seq: number }).seq);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
