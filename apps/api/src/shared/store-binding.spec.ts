import Database from 'better-sqlite3';
import { bindToStore } from './store-binding';

describe('bindToStore', () => {
  let db: Database.Database;
  const rows = () => (db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec("CREATE TABLE answers (k TEXT); INSERT INTO answers VALUES ('a'), ('b')");
  });
  afterEach(() => db.close());

  it('adopts a file from before bindings existed, records and all', () => {
    expect(bindToStore(db, 'store:1', ['answers'])).toBe('adopted');
    expect(rows()).toBe(2);
    expect(bindToStore(db, 'store:1', ['answers'])).toBe('kept');
    expect(rows()).toBe(2);
  });

  it('drops the records when the store changed, and binds to the new one', () => {
    bindToStore(db, 'store:1', ['answers']);
    expect(bindToStore(db, 'store:2', ['answers'])).toBe('cleared');
    expect(rows()).toBe(0);
    db.exec("INSERT INTO answers VALUES ('c')");
    expect(bindToStore(db, 'store:2', ['answers'])).toBe('kept');
    expect(rows()).toBe(1);
  });

  it('drops them for an empty store, then adopts its identity once it has one', () => {
    bindToStore(db, 'first-event:x', ['answers']);
    expect(bindToStore(db, undefined, ['answers'])).toBe('cleared'); // recreated: empty
    expect(rows()).toBe(0);
    db.exec("INSERT INTO answers VALUES ('written after the first event')");
    expect(bindToStore(db, 'first-event:y', ['answers'])).toBe('adopted');
    expect(rows()).toBe(1);
  });
});
