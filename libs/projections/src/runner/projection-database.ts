import type Database from 'better-sqlite3';
import { openSqliteFile } from '@app/event-store';
import { join } from 'node:path';

/** The read side's file in the data directory, next to the event store's. */
export const PROJECTIONS_FILENAME = 'projections.sqlite';

/**
 * Page size of a new projections file (an existing file keeps its own). A rebuild writes a row per event into
 * the WAL and again into the file: 16 KiB pages took a twentieth off it against 4 KiB (a quarter of the write
 * and read calls); point reads stay a page per level and hit the cache. With SQLite's default checkpoint
 * interval of 1000 pages the WAL now grows to 16 MiB before a commit copies it into the file: a rebuild
 * spent a tenth of its time less waiting on the two fsyncs of each checkpoint and copying the pages every
 * batch rewrites (checkpoint positions, the header) once per checkpoint.
 */
export const PROJECTION_PAGE_SIZE = 16_384;

/**
 * Version 2: facts about the read side as a whole. `store_id` names the event store the checkpoints are
 * positions of (see storeIdentity): read models found to come from another store are rebuilt from scratch.
 */
const CREATE_META = `
  CREATE TABLE IF NOT EXISTS projection_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

const CREATE_SCHEMA = `
  -- One row per projection: its active generation (serving reads) and, during a rebuild, the pending one.
  -- Checkpoints are global log positions, exclusive: the position of the last event applied (0 = none).
  CREATE TABLE IF NOT EXISTS projection_state (
    name                    TEXT    PRIMARY KEY,
    version                 INTEGER NOT NULL,
    generation              INTEGER NOT NULL,
    checkpoint              INTEGER NOT NULL,
    status                  TEXT    NOT NULL,
    last_error              TEXT,
    poison_position         INTEGER,
    poison_stream           TEXT,
    poison_type             TEXT,
    pending_version         INTEGER,
    pending_generation      INTEGER,
    pending_checkpoint      INTEGER,
    pending_error           TEXT,
    pending_poison_position INTEGER,
    pending_poison_stream   TEXT,
    pending_poison_type     TEXT,
    updated_at              TEXT    NOT NULL
  );
  -- The physical tables of each generation, so that a generation is dropped whole even after a new
  -- version of the projection renamed or removed one of its tables.
  CREATE TABLE IF NOT EXISTS projection_table (
    name       TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    physical   TEXT    NOT NULL,
    PRIMARY KEY (name, generation, physical)
  );
  -- Poison events an operator chose to skip: the audit trail of what a read model does not reflect.
  CREATE TABLE IF NOT EXISTS projection_skipped_event (
    name       TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    stream_id  TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    error      TEXT    NOT NULL,
    skipped_at TEXT    NOT NULL,
    PRIMARY KEY (name, generation, position)
  );
`;

/** The runner's own tables, version by version (`PRAGMA user_version`): 1 the state tables, 2 the meta table. */
const MIGRATIONS = [
  (db: Database.Database) => db.exec(CREATE_SCHEMA),
  (db: Database.Database) => db.exec(CREATE_META),
];
export const PROJECTION_SCHEMA_VERSION = MIGRATIONS.length;

export function projectionDatabasePath(dataDir: string): string {
  return join(dataDir, PROJECTIONS_FILENAME);
}

/**
 * Opens (and creates or upgrades) the read-side database.
 *
 * WAL: query handlers read committed batches while the runner writes the next one.
 * synchronous=NORMAL: the WAL is fsynced at checkpoints, not at every commit. A commit survives kill -9 (the
 * OS holds the written pages); power loss or an OS crash can lose the last commits, but never half of one,
 * and each commit carries its projection checkpoints with the read-model changes. Losing commits therefore
 * only moves the checkpoints back: the runner re-applies those events from the log, which stays the source
 * of truth (durable with the event store's own setting). One fsync per batch would buy nothing here.
 *
 * Integers are read as plain numbers by default (read models serve JSON); the runner reads positions with
 * safe-integer statements of its own, so checkpoints are exact bigints whatever their size.
 */
export function openProjectionDatabase(filename: string): Database.Database {
  return openSqliteFile(filename, {
    label: 'Projection database',
    busyTimeoutMs: 5000,
    beforeWal: [`page_size = ${PROJECTION_PAGE_SIZE}`],
    pragmas: [
      'synchronous = NORMAL',
      // Sorts go to temporary files (unlinked at once; small ones never leave SQLite's cache): the indexes a
      // rebuild builds once it caught up sort whole tables, and in memory that sort was most of a 10M-event
      // rebuild's 926 MB peak RSS (the timeline's index alone: 689 MB in memory, 111 MB through a file, and
      // faster). A 32 MiB page cache keeps a rebuild's hot pages in memory within a bounded footprint.
      'temp_store = FILE',
      'cache_size = -32768',
      // After a rebuild has grown the WAL (see WalCheckpointer), give the space back when it starts over.
      `journal_size_limit = ${64 * 1024 * 1024}`,
    ],
    migrations: MIGRATIONS,
  });
}
