import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProjectionDatabase } from './projection-database';
import { eventually } from './testing/runner-fixture';
import { WalCheckpointer } from './wal-checkpointer';

describe('WalCheckpointer', () => {
  let dir: string;
  let db: Database.Database;
  let checkpointer: WalCheckpointer | undefined;
  const failures: Error[] = [];
  const rows = (file: string) => {
    const copy = new Database(file, { readonly: true });
    try {
      return (copy.prepare('SELECT count(*) AS count FROM facts').get() as { count: number }).count;
    } finally {
      copy.close();
    }
  };
  const insert = (count: number) =>
    db.transaction(() => {
      const statement = db.prepare('INSERT INTO facts (text) VALUES (?)');
      for (let index = 0; index < count; index += 1) statement.run('x'.repeat(200));
    })();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
    db = openProjectionDatabase(join(dir, 'projections.sqlite'));
    db.exec('CREATE TABLE facts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    failures.length = 0;
  });
  afterEach(async () => {
    await checkpointer?.close();
    checkpointer = undefined;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file on its thread, the writer checkpointing only far later', async () => {
    checkpointer = new WalCheckpointer(db, (error) => failures.push(error), 10);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe((256 * 1024 * 1024) / 16_384);
    for (let commit = 0; commit < 20; commit += 1) {
      insert(500); // ~7 pages of 16 KiB each time: 140 pages in all, far below the writer's own threshold
      checkpointer.written();
    }
    await eventually(() => {
      const { walPages, copiedPages } = checkpointer!.stats();
      return walPages > 0 && copiedPages === walPages;
    });
    // The database file alone, without its WAL, now holds every committed row.
    copyFileSync(join(dir, 'projections.sqlite'), join(dir, 'alone.sqlite'));
    expect(rows(join(dir, 'alone.sqlite'))).toBe(10_000);
    expect(failures).toEqual([]);
  });

  it('leaves the writer to checkpoint by itself again when closed', async () => {
    checkpointer = new WalCheckpointer(db, (error) => failures.push(error), 10);
    await checkpointer.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    insert(500);
    checkpointer.written(); // ignored
    expect(checkpointer.stats().checkpoints).toBe(0);
  });

  it('reports a failed thread and hands checkpoints back to the writer', async () => {
    const elsewhere = new Database(join(dir, 'other.sqlite'));
    elsewhere.pragma('journal_mode = WAL');
    checkpointer = new WalCheckpointer(elsewhere, (error) => failures.push(error), 10);
    rmSync(join(dir, 'other.sqlite'));
    rmSync(join(dir, 'other.sqlite-wal'), { force: true });
    await eventually(() => failures.length > 0);
    expect(failures[0].message).toMatch(/checkpointer thread failed: .*SQLITE_CANTOPEN|unable to open/);
    expect(elsewhere.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    elsewhere.close();
  });
});
