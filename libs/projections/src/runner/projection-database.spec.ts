import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openProjectionDatabase,
  PROJECTION_PAGE_SIZE,
  PROJECTION_SCHEMA_VERSION,
  projectionDatabasePath,
} from './projection-database';
import { ProjectionStateRepository } from './projection-state.repository';

describe('openProjectionDatabase', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'projection-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the read side in WAL mode with synchronous=NORMAL and its bookkeeping tables', () => {
    const db = openProjectionDatabase(projectionDatabasePath(dir));
    try {
      expect(db.name).toBe(join(dir, 'projections.sqlite'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('user_version', { simple: true })).toBe(PROJECTION_SCHEMA_VERSION);
      expect(db.pragma('page_size', { simple: true })).toBe(PROJECTION_PAGE_SIZE);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual([
        'projection_meta',
        'projection_skipped_event',
        'projection_state',
        'projection_table',
      ]);
    } finally {
      db.close();
    }
  });

  it('leaves the page size of an existing file as it is', () => {
    const filename = projectionDatabasePath(dir);
    const old = new Database(filename);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (id INTEGER)');
    old.close();
    const db = openProjectionDatabase(filename);
    try {
      expect(db.pragma('page_size', { simple: true })).toBe(4096);
    } finally {
      db.close();
    }
  });

  it('keeps checkpoints beyond 2^53 exact, and opens an existing file again', () => {
    const filename = projectionDatabasePath(dir);
    const huge = 2n ** 62n + 1n;
    const first = openProjectionDatabase(filename);
    new ProjectionStateRepository(first).save({
      name: 'big',
      active: { generation: 1, version: 1, checkpoint: huge },
      pending: { generation: 2, version: 1, checkpoint: huge - 1n },
      status: 'live',
      updatedAt: '2014-10-31T00:00:00.000Z',
    });
    first.close();

    const again = openProjectionDatabase(filename);
    try {
      const record = new ProjectionStateRepository(again).find('big');
      expect(record).toMatchObject({ active: { checkpoint: huge }, pending: { checkpoint: huge - 1n } });
    } finally {
      again.close();
    }
  });
});
