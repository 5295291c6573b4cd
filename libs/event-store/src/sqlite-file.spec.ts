import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteFile } from './sqlite-file';

describe('openSqliteFile', () => {
  let dir: string;
  let ran: string[];
  const step = (name: string) => (db: Database.Database) => {
    ran.push(name);
    db.exec(`CREATE TABLE ${name} (id INTEGER)`);
  };
  const open = (migrations: Array<(db: Database.Database) => void>) =>
    openSqliteFile(join(dir, 'file.sqlite'), {
      label: 'Test database',
      busyTimeoutMs: 100,
      pragmas: ['synchronous = FULL'],
      migrations,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-file-'));
    ran = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL mode with the pragmas, and runs each migration once, in order', () => {
    const first = open([step('one'), step('two')]);
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.pragma('synchronous', { simple: true })).toBe(2);
    expect(first.pragma('user_version', { simple: true })).toBe(2);
    first.close();
    const upgraded = open([step('one'), step('two'), step('three')]);
    expect(ran).toEqual(['one', 'two', 'three']);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(3);
    upgraded.close();
  });

  it('refuses a file of a newer build, and leaves it as it was', () => {
    open([step('one'), step('two')]).close();
    expect(() => open([step('one')])).toThrow('Test database schema 2 is newer than this build (1)');
    const again = open([step('one'), step('two')]);
    expect(ran).toEqual(['one', 'two']);
    again.close();
  });

  it('keeps nothing of a migration that fails', () => {
    const failing = () => {
      throw new Error('no');
    };
    expect(() => open([step('one'), failing])).toThrow('no');
    const db = open([step('one')]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(ran).toEqual(['one', 'one']);
    db.close();
  });
});
