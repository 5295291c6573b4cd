import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Answers given to requests that carried an Idempotency-Key, kept in a SQLite file of the data dir so a
 * retry gets the original answer also after a restart. Only successful writes are kept: a rejected request
 * wrote nothing, so repeating it is safe and may rightly succeed later.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly findStatement: Database.Statement<[string, string]>;
  private readonly saveStatement: Database.Statement<[string, string, string, number, string, string]>;

  constructor(filename: string) {
    mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
      body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    this.findStatement = this.db.prepare(
      'SELECT fingerprint, status, body FROM idempotency WHERE scope = ? AND key = ?',
    );
    this.saveStatement = this.db.prepare(
      'INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  find(scope: string, key: string): StoredAnswer | undefined {
    const row = this.findStatement.get(scope, key) as
      { fingerprint: string; status: number; body: string } | undefined;
    return row && { fingerprint: row.fingerprint, status: row.status, body: JSON.parse(row.body) as unknown };
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
