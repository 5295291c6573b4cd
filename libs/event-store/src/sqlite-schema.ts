import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqliteFile } from './sqlite-file';

export type SqliteDurability = 'full' | 'normal';

/**
 * Schema version 1: the global log. Exported for the benchmarks, whose plain better-sqlite3
 * baseline must write this very table to be a fair comparison.
 */
export const CREATE_EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

/**
 * Schema version 2: facts about the store itself. `store_id` is a random id created with the file and never
 * changed: read models and the Merkle tree cache record it, so a data dir pointed at another (or a recreated)
 * store is noticed instead of read from a checkpoint that belongs to a different log.
 */
export const CREATE_META_TABLE = `
  CREATE TABLE IF NOT EXISTS store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

/**
 * Opens (and creates or upgrades) the event database.
 *
 * WAL: readers never block the writer and a commit is one append to the log file.
 * synchronous=FULL (default): every commit is fsynced before it is acknowledged, so an acknowledged append
 * survives kill -9 and power loss. synchronous=NORMAL syncs the WAL only at checkpoints: an acknowledged
 * append still survives kill -9 (the OS holds the written pages) but the last commits can be lost on power
 * loss or an OS crash. It trades that safety for speed; choose it knowingly.
 */
export function openEventDatabase(
  filename: string,
  durability: SqliteDurability,
  busyTimeoutMs = 5000,
): Database.Database {
  const db = openSqliteFile(filename, {
    label: 'Event database',
    busyTimeoutMs,
    pragmas: [`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`],
    migrations: [
      (file) => file.exec(CREATE_EVENTS_TABLE),
      (file) => {
        file.exec(CREATE_META_TABLE);
        file
          .prepare(`INSERT OR IGNORE INTO store_meta (key, value) VALUES ('store_id', ?)`)
          .run(randomUUID());
      },
    ],
  });
  // Positions and revisions are 64-bit: read every INTEGER as a bigint, never a lossy number.
  db.defaultSafeIntegers(true);
  return db;
}
