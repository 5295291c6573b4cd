import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationStore } from '../notifications/notification.store';
import { ProjectionActionsStore } from '../read/projection-admin/projection-actions.store';

/**
 * The side files of the shared data dir are opened like the events file (openSqliteFile): WAL, every commit
 * synced, a 5 s wait for another replica's write lock, a schema version; and a file written before schema
 * versions existed opens with its rows.
 */
const sideFiles = [
  {
    name: 'projection actions',
    open: (file: string) => new ProjectionActionsStore(file),
    // The table as the store created it before it had a schema version.
    legacy: `CREATE TABLE projection_actions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, projection TEXT NOT NULL, action TEXT NOT NULL,
      positions TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL);
      INSERT INTO projection_actions (projection, action, positions, requested_by, requested_at)
      VALUES ('timeline', 'skip', '["7"]', 'ops', '2014-03-01T00:00:00.000Z')`,
    keptRow: (file: string) => {
      const store = new ProjectionActionsStore(file);
      try {
        return store.skipStands('timeline', '7');
      } finally {
        store.close();
      }
    },
  },
  {
    name: 'notifications',
    open: (file: string) => new NotificationStore(file),
    legacy: `CREATE TABLE notify_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO notify_meta (name, value) VALUES ('log_position', '41')`,
    keptRow: (file: string) => {
      const store = new NotificationStore(file);
      try {
        return store.logPosition() === 41n;
      } finally {
        store.close();
      }
    },
  },
];

describe.each(sideFiles)('the $name file', ({ open, legacy, keptRow }) => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'side-file-'));
    file = join(dir, 'nested', 'side.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created in WAL mode, synced on every commit, waiting 5 s for a lock, at schema version 1', () => {
    const store = open(file);
    const db = (store as unknown as { db: Database.Database }).db;
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('opens a file from before schema versions with its rows', () => {
    open(file).close(); // creates the directory
    rmSync(file);
    const old = new Database(file);
    old.exec(legacy);
    old.close();
    expect(keptRow(file)).toBe(true);
  });

  it('refuses a file written by a newer build', () => {
    open(file).close();
    const newer = new Database(file);
    newer.pragma('user_version = 2');
    newer.close();
    expect(() => open(file)).toThrow(/newer than this build/);
  });
});
