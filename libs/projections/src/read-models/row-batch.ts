import type { ProjectionContext } from '../runner/projection';

/** An INSERT written for one row and for `rows` rows at once (same columns, same clauses after VALUES). */
export interface MultiRowInsert {
  one: string;
  many: string;
  rows: number;
  columns: number;
}

/** `INSERT ... VALUES (?, ...)` for one row and for `rows` rows; `tail` follows the values (ON CONFLICT ...). */
export function multiRowInsert(head: string, columns: number, rows: number, tail = ''): MultiRowInsert {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const values = (count: number) => Array.from({ length: count }, () => row).join(', ');
  return {
    one: `${head} VALUES ${values(1)} ${tail}`.trim(),
    many: `${head} VALUES ${values(rows)} ${tail}`.trim(),
    rows,
    columns,
  };
}

/**
 * Rows for one table, written with few statements: every full group in one multi-row INSERT, the rest one by
 * one at `flush`. The rows and their order are those of one INSERT per row; a rebuild writes a million rows
 * and each statement is a call into SQLite.
 */
export class RowBatch {
  private readonly values: unknown[];
  private rows = 0;

  constructor(private readonly insert: MultiRowInsert) {
    this.values = new Array<unknown>(insert.rows * insert.columns);
  }

  add(db: ProjectionContext, row: readonly unknown[]): void {
    const { columns, rows } = this.insert;
    if (row.length !== columns) throw new Error(`A row of ${row.length} values for ${columns} columns`);
    const offset = this.rows * columns;
    for (let column = 0; column < columns; column += 1) this.values[offset + column] = row[column];
    this.rows += 1;
    if (this.rows === rows) {
      // Spread, not an array: better-sqlite3 binds arguments faster than the elements of an array.
      db.run(this.insert.many, ...this.values);
      this.rows = 0;
    }
  }

  flush(db: ProjectionContext): void {
    const { columns } = this.insert;
    for (let row = 0; row < this.rows; row += 1) {
      db.run(this.insert.one, ...this.values.slice(row * columns, (row + 1) * columns));
    }
    this.rows = 0;
  }
}
