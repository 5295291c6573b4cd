import Database from 'better-sqlite3';
import { openSqliteFile } from '@app/event-store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bindToStore, type StoreBinding } from '../shared/store-binding';

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** A request that began and never got its answer saved: it may or may not have written before it stopped. */
export interface PendingRequest {
  fingerprint: string;
  /** When it began (the application's clock): anything it wrote was recorded at or after this. */
  since: string;
}

/** `status` of a request that began and has no answer yet. */
const PENDING = 0;

/**
 * Answers given to requests that carried an Idempotency-Key, kept in a SQLite file of the data dir so a
 * retry gets the original answer also after a restart. Only successful writes are kept: a rejected request
 * wrote nothing, so repeating it is safe and may rightly succeed later.
 *
 * A request is marked pending before it runs; if the process stops between its append and its answer, the
 * retry finds the mark and the writer looks for what it wrote instead of writing again. Marks are written
 * on a connection with synchronous=NORMAL (WAL: they survive a killed process, and cost no fsync); answers
 * with FULL, which also makes every earlier mark durable.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly marks: Database.Database;
  private readonly findStatement: Database.Statement<[string, string]>;
  private readonly beginStatement: Database.Statement<[string, string, string, string]>;
  private readonly saveStatement: Database.Statement<[string, string, string, number, string, string]>;
  private readonly abandonStatement: Database.Statement<[string, string]>;

  constructor(filename: string) {
    mkdirSync(dirname(filename), { recursive: true });
    this.db = openSqliteFile(filename, {
      label: 'Idempotency records',
      busyTimeoutMs: 5000,
      pragmas: ['synchronous = FULL'],
      migrations: [
        (db) =>
          db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
            scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
            body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID`),
      ],
    });
    this.marks = new Database(filename);
    this.marks.pragma('synchronous = NORMAL');
    this.findStatement = this.db.prepare(
      'SELECT fingerprint, status, body, created_at FROM idempotency WHERE scope = ? AND key = ?',
    );
    this.beginStatement = this.marks.prepare(
      `INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, status, body, created_at)
       VALUES (?, ?, ?, ${PENDING}, 'null', ?)`,
    );
    this.saveStatement = this.db.prepare(
      `INSERT INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET status = excluded.status, body = excluded.body
       WHERE idempotency.status = ${PENDING}`,
    );
    this.abandonStatement = this.marks.prepare(
      `DELETE FROM idempotency WHERE scope = ? AND key = ? AND status = ${PENDING}`,
    );
  }

  find(scope: string, key: string): StoredAnswer | PendingRequest | undefined {
    const row = this.findStatement.get(scope, key) as
      { fingerprint: string; status: number; body: string; created_at: string } | undefined;
    if (!row) return undefined;
    if (row.status === PENDING) return { fingerprint: row.fingerprint, since: row.created_at };
    return { fingerprint: row.fingerprint, status: row.status, body: JSON.parse(row.body) as unknown };
  }

  /** Drops the answers when they were given over another event store (see bindToStore). */
  bindToStore(identity: string | undefined): StoreBinding {
    return bindToStore(this.db, identity, ['idempotency']);
  }

  /**
   * Marks the request as running (once: a mark left by a stopped process stays as it was). False when a mark
   * was there already: another attempt with this key (on another replica) began first.
   */
  begin(scope: string, key: string, fingerprint: string, at: Date): boolean {
    return this.beginStatement.run(scope, key, fingerprint, at.toISOString()).changes === 1;
  }

  save(scope: string, key: string, answer: StoredAnswer, at: Date): void {
    this.saveStatement.run(
      scope,
      key,
      answer.fingerprint,
      answer.status,
      JSON.stringify(answer.body),
      at.toISOString(),
    );
  }

  /** The request failed and wrote nothing: forget its mark, so a retry runs afresh. */
  abandon(scope: string, key: string): void {
    this.abandonStatement.run(scope, key);
  }

  close(): void {
    if (this.marks.open) this.marks.close();
    if (this.db.open) this.db.close();
  }
}

export function isPending(found: StoredAnswer | PendingRequest): found is PendingRequest {
  return 'since' in found;
}
