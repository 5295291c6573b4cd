import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

/** Bumped with every change to the schema below; stored in the file header (`PRAGMA user_version`). */
export const SQLITE_SCHEMA_VERSION = 2;

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
  const db = new Database(filename);
  try {
    // Wait for another process's write lock instead of failing at once with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for ${filename} (got ${String(mode)})`);
    db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    // Positions and revisions are 64-bit: read every INTEGER as a bigint, never a lossy number.
    db.defaultSafeIntegers(true);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  const upgrade = db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new Error(`Event database schema ${version} is newer than this build (${SQLITE_SCHEMA_VERSION})`);
    }
    if (version < 1) db.exec(CREATE_EVENTS_TABLE);
    if (version < 2) {
      db.exec(CREATE_META_TABLE);
      db.prepare(`INSERT OR IGNORE INTO store_meta (key, value) VALUES ('store_id', ?)`).run(randomUUID());
    }
    if (version < SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  });
  // IMMEDIATE: two processes opening a fresh file at once must not both try to create the schema.
  upgrade.immediate();
}
