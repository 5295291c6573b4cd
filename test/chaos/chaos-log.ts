import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Answer } from './chaos-ledger';
import type { StoredRow } from '../support/tamper';

export interface LoggedEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: any;
  metadata: any;
}

/**
 * The global log as the embedded store holds it, read straight from its SQLite file (read-only, beside the
 * running server): the checks do not take the API's word for what was recorded.
 */
export function readEventLog(dataDir: string): LoggedEvent[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position')
      .all() as StoredRow[];
    return rows.map((row) => ({
      position: row.position,
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
    }));
  } finally {
    db.close();
  }
}

/** A consistent copy of the log (SQLite's online backup) into another data dir; returns its last position. */
export async function copyEventLog(dataDir: string, targetDir: string): Promise<number> {
  const source = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    await source.backup(join(targetDir, 'events.sqlite'));
  } finally {
    source.close();
  }
  return logHead(targetDir);
}

/** The last position in the log (0 when empty). */
export function logHead(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return Number(
      (db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head,
    );
  } finally {
    db.close();
  }
}

/**
 * Keys of requests the server had begun and not answered (marked pending in `idempotency.sqlite`): read
 * while it is down after a kill, they tell which retries must be recovered from the events they appended.
 */
export function pendingKeys(dataDir: string): Set<string> {
  const db = new Database(join(dataDir, 'idempotency.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT key FROM idempotency WHERE status = 0').all() as { key: string }[];
    return new Set(rows.map((row) => row.key));
  } finally {
    db.close();
  }
}

/**
 * What the log and the idempotency records held at each kill, read while the server was down: which
 * answers of restarted servers name steps already recorded before their kill, and which of those requests
 * had begun without their answer being kept (the retry had to find their events by id).
 */
export class LogAtKills {
  private readonly heads: number[] = [];
  private readonly pending: Set<string>[] = [];

  constructor(private readonly dataDir: string) {}

  /** Called after each kill, before the restart. */
  note(): void {
    this.heads.push(logHead(this.dataDir));
    this.pending.push(pendingKeys(this.dataDir));
  }

  /** Answered by the server started after kill n with a position the log already held when kill n came. */
  recordedBefore(answer: Answer): boolean {
    const head = this.heads[answer.generation - 1];
    return head !== undefined && Number(answer.body?.position) <= head;
  }

  /** The request was begun and unanswered when the kill before the answering server came. */
  pendingBefore(answer: Answer, key: string): boolean {
    return this.pending[answer.generation - 1]?.has(key) ?? false;
  }
}
