import Database from 'better-sqlite3';

export interface SqliteFileOptions {
  /** What the file holds, for errors: "Event database". */
  label: string;
  /** How long to wait for another connection's write lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
  /** Set before WAL mode writes the header of a new file (page_size). */
  beforeWal?: readonly string[];
  /** Set once in WAL mode (synchronous, caches). */
  pragmas: readonly string[];
  /** migrations[i] takes the schema from version i to i + 1 (`PRAGMA user_version`). */
  migrations: ReadonlyArray<(db: Database.Database) => void>;
}

/**
 * Opens a SQLite file of the tracker, creating or upgrading its schema: WAL mode (readers never block the
 * writer; refused only for an in-memory database), the given pragmas, then the migrations it has not run yet
 * in one IMMEDIATE transaction, so that two processes opening a fresh file at once do not both create it.
 * A file written by a newer build is refused. The database is closed again if any of this fails.
 */
export function openSqliteFile(filename: string, options: SqliteFileOptions): Database.Database {
  const db = new Database(filename);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    for (const pragma of options.beforeWal ?? []) db.pragma(pragma);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && !db.memory) {
      throw new Error(`SQLite refused WAL mode for ${filename} (got ${String(mode)})`);
    }
    for (const pragma of options.pragmas) db.pragma(pragma);
    migrate(db, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, { label, migrations }: SqliteFileOptions): void {
  const latest = migrations.length;
  const upgrade = db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > latest) throw new Error(`${label} schema ${version} is newer than this build (${latest})`);
    for (let step = version; step < latest; step++) migrations[step](db);
    if (version < latest) db.pragma(`user_version = ${latest}`);
  });
  upgrade.immediate();
}
