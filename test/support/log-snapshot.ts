import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * SHA-256 over every byte of every stored event row, read straight from the SQLite file: two equal
 * snapshots mean the global log was not touched in between.
 */
export function snapshotEventLog(dataDir: string): { rows: number; sha256: string } {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').raw().iterate()) {
      hash.update(
        JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
      );
      hash.update('\n');
      rows++;
    }
    return { rows, sha256: hash.digest('hex') };
  } finally {
    db.close();
  }
}
