import Database from 'better-sqlite3';
import { CREATE_EVENTS_TABLE, type EventToAppend } from '@app/event-store';
import type { Durability } from './options';

/**
 * The baseline: plain better-sqlite3, same table, same pragmas, one IMMEDIATE transaction per append. Only the
 * table is the store's; the insert is this file's own on purpose, so the baseline stays independent of the code
 * it is measured against.
 */
export class RawEventTable {
  readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, number, string, string, string, string, string]>;
  /** Inserts the rows of one append in one transaction: one commit (and fsync with FULL) per call. */
  readonly append: (streamId: string, firstRevision: number, events: EventToAppend[]) => number;

  constructor(filename: string, durability: Durability) {
    this.db = new Database(filename);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability.toUpperCase()}`);
    this.db.exec(CREATE_EVENTS_TABLE);
    this.insert = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const write = this.db.transaction((streamId: string, firstRevision: number, events: EventToAppend[]) => {
      const recordedAt = new Date().toISOString();
      let position = 0;
      events.forEach((event, index) => {
        const info = this.insert.run(
          streamId,
          firstRevision + index,
          event.id,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
        );
        position = Number(info.lastInsertRowid);
      });
      return position;
    });
    this.append = (streamId, firstRevision, events) => write.immediate(streamId, firstRevision, events);
  }

  /** e.g. "wal/FULL", read back from SQLite. */
  mode(): string {
    return `${String(this.db.pragma('journal_mode', { simple: true }))}/${synchronousName(this.db)}`;
  }

  close(): void {
    this.db.close();
  }
}

export function synchronousName(db: Database.Database): string {
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(db.pragma('synchronous', { simple: true }))] ?? '?';
}

/** The `events` table definition of a database file, whitespace-normalised. */
export function eventsTableSql(filename: string): string {
  const db = new Database(filename, { readonly: true });
  try {
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() as
      { sql: string } | undefined;
    return (row?.sql ?? '').replace(/\s+/g, ' ').trim();
  } finally {
    db.close();
  }
}
