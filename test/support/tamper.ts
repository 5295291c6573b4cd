import Database from 'better-sqlite3';
import { computeEventHash } from '@app/audit';
import { join } from 'node:path';

export interface StoredRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** Opens the server's event file directly, as an attacker with access to the disk would. */
export function withEventFile<T>(dataDir: string, change: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'events.sqlite'));
  db.pragma('busy_timeout = 5000');
  try {
    return change(db);
  } finally {
    db.close();
  }
}

export function row(db: Database.Database, stream: string, revision: number): StoredRow {
  const found = db
    .prepare('SELECT * FROM events WHERE stream_id = ? AND revision = ?')
    .get(stream, revision) as StoredRow | undefined;
  if (!found) throw new Error(`no event ${stream}@${revision}`);
  return found;
}

/** Changes exactly one byte of the stored data text: the first digit, to another digit. */
export function flipOneDigit(text: string): string {
  const index = text.search(/[0-9]/);
  const digit = text[index] === '9' ? '8' : String(Number(text[index]) + 1);
  return `${text.slice(0, index)}${digit}${text.slice(index + 1)}`;
}

/**
 * What a careful forger does after an edit: recomputes the hash chain of the stream from `fromRevision` on,
 * so that every link checks out again. Only a signed checkpoint can then tell.
 */
export function rechain(db: Database.Database, stream: string, fromRevision: number): void {
  const rows = db
    .prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision')
    .all(stream, fromRevision) as StoredRow[];
  let prevHash: string | undefined =
    fromRevision === 0 ? undefined : (JSON.parse(row(db, stream, fromRevision - 1).metadata).hash as string);
  const update = db.prepare('UPDATE events SET metadata = ? WHERE position = ?');
  for (const r of rows) {
    const metadata = JSON.parse(r.metadata) as Record<string, unknown>;
    if (prevHash !== undefined) metadata.prevHash = prevHash;
    metadata.hash = computeEventHash({
      streamId: r.stream_id,
      revision: r.revision,
      type: r.type,
      data: JSON.parse(r.data),
      metadata,
    });
    prevHash = metadata.hash as string;
    update.run(JSON.stringify(metadata), r.position);
  }
}
