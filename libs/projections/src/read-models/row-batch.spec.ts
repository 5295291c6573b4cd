import Database from 'better-sqlite3';
import type { ProjectionContext } from '../runner/projection';
import { multiRowInsert, RowBatch } from './row-batch';

/** A context on an in-memory table, counting the statements it runs. */
function context(): { db: ProjectionContext; sql: Database.Database; statements: string[] } {
  const sql = new Database(':memory:');
  sql.exec(
    'CREATE TABLE days (market TEXT NOT NULL, day INTEGER NOT NULL, steps INTEGER NOT NULL, PRIMARY KEY (market, day))',
  );
  const statements: string[] = [];
  const db: ProjectionContext = {
    run: (text, ...params) => {
      statements.push(text);
      sql.prepare(text).run(...params);
    },
    get: (text, ...params) => sql.prepare(text).get(...params) as never,
    all: (text, ...params) => sql.prepare(text).all(...params) as never,
  };
  return { db, sql, statements };
}

const UPSERT = multiRowInsert(
  'INSERT INTO days (market, day, steps)',
  3,
  4,
  'ON CONFLICT (market, day) DO UPDATE SET steps = steps + excluded.steps',
);

describe('a batch of rows', () => {
  it('writes full groups in one statement each and the rest one by one', () => {
    const { db, sql, statements } = context();
    const rows = new RowBatch(UPSERT);
    for (let day = 1; day <= 10; day += 1) rows.add(db, ['IN', day, day]);
    rows.flush(db);
    expect(statements).toEqual([UPSERT.many, UPSERT.many, UPSERT.one, UPSERT.one]);
    expect(sql.prepare('SELECT day, steps FROM days ORDER BY rowid').all()).toEqual(
      Array.from({ length: 10 }, (_, index) => ({ day: index + 1, steps: index + 1 })),
    );
  });

  it('applies the clause after VALUES to every row of a group, as one statement per row would', () => {
    const { db, sql } = context();
    for (let day = 1; day <= 6; day += 1) db.run(UPSERT.one, 'HK', day, 10);
    const rows = new RowBatch(UPSERT);
    for (let day = 5; day <= 12; day += 1) rows.add(db, ['HK', day, 1]);
    rows.flush(db);
    expect(sql.prepare('SELECT day, steps FROM days ORDER BY day').all()).toEqual([
      ...[1, 2, 3, 4].map((day) => ({ day, steps: 10 })),
      { day: 5, steps: 11 },
      { day: 6, steps: 11 },
      ...[7, 8, 9, 10, 11, 12].map((day) => ({ day, steps: 1 })),
    ]);
  });

  it('refuses a row of the wrong width', () => {
    const { db } = context();
    expect(() => new RowBatch(UPSERT).add(db, ['IN', 1])).toThrow(/2 values for 3 columns/);
  });
});
