import type Database from 'better-sqlite3';
import type { RecordedEvent } from './event-store.port';
import { StoredEvent } from './stored-event';

/** One row of the `events` table as better-sqlite3 returns it (safe integers: INTEGER columns are bigint). */
export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * The same columns as a plain array (in COLUMNS order): event reads use raw statements, since building an
 * object with eight named columns per row cost a quarter of a full read of the log.
 */
export type EventTuple = [
  position: bigint,
  streamId: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export interface HeadRow {
  revision: bigint;
  position: bigint;
}

export type EventIdRow = Pick<EventRow, 'event_id' | 'stream_id' | 'revision' | 'position'>;

/** Largest SQLite INTEGER: the open upper bound of a backwards read from the head. */
export const MAX_REVISION = 9223372036854775807n;

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

/** The events after a position, in log order (also run by the page reader's thread on its own connection). */
export const READ_ALL_SQL = `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`;

/** All statements, prepared once per connection. A LIMIT of -1 means "no limit" in SQLite. */
export function prepareStatements(db: Database.Database) {
  return {
    head: db.prepare<[string], HeadRow>(
      'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    insert: db.prepare<[string, bigint, string, string, string, string, string]>(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** An insert at a chosen position: the sparse positions of `positionGaps`. */
    insertAt: db.prepare<[bigint, string, bigint, string, string, string, string, string]>(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** The largest position ever handed out (AUTOINCREMENT's counter): positions are never reused. */
    lastPosition: db
      .prepare<[], [bigint | null]>(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`)
      .raw(true),
    atPosition: db.prepare<[bigint], { position: bigint }>('SELECT position FROM events WHERE position = ?'),
    count: db
      .prepare<[bigint, bigint, number], [bigint]>(
        'SELECT count(*) FROM (SELECT 1 FROM events WHERE position > ? AND position <= ? LIMIT ?)',
      )
      .raw(true),
    storeId: db
      .prepare<[], [string]>(`SELECT value FROM store_meta WHERE key = 'store_id'`)
      .raw(true),
    byEventIds: db.prepare<[string], EventIdRow>(
      `SELECT event_id, stream_id, revision, position FROM events
       WHERE event_id IN (SELECT value FROM json_each(?))`,
    ),
    byEventId: db
      .prepare<[string, string], EventTuple>(
        `SELECT ${COLUMNS} FROM events WHERE event_id = ? AND stream_id = ?`,
      )
      .raw(true),
    streamForwards: db
      .prepare<[string, bigint, number], EventTuple>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      )
      .raw(true),
    streamBackwards: db
      .prepare<[string, bigint, number], EventTuple>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(true),
    all: db.prepare<[bigint, number], EventTuple>(READ_ALL_SQL).raw(true),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;

export function toRecordedEvent(row: EventTuple): RecordedEvent {
  return new StoredEvent(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
}
