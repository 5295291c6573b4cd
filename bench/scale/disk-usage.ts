import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Bytes a SQLite file spends on each table, its indexes included (SQLite's dbstat: pages in use), grouped by
 * logical name: `timeline__g1` and `timeline__g1_by_market` are both `timeline`.
 */
export function bytesByTable(filename: string): Map<string, number> {
  const db = new Database(filename, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as {
      name: string;
      bytes: number;
    }[];
    const tables = new Map<string, number>();
    for (const { name, bytes } of rows) {
      const logical = logicalName(name);
      tables.set(logical, (tables.get(logical) ?? 0) + bytes);
    }
    return tables;
  } finally {
    db.close();
  }
}

/** `timeline__g3_by_market` → `timeline`, `sqlite_autoindex_events_1` → `events`; other names as they are. */
export function logicalName(name: string): string {
  const auto = /^sqlite_autoindex_(.+)_\d+$/.exec(name);
  const table = auto ? auto[1] : name;
  const generation = /^(.+?)__g\d+/.exec(table);
  return generation ? generation[1] : table;
}

/** The size of a file with its WAL, 0 when absent. */
export function fileBytes(filename: string): number {
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  return size(filename) + size(`${filename}-wal`);
}
