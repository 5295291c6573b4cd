import type Database from 'better-sqlite3';
import type { Projection } from './projection';
import { InvalidProjectionError } from './projection.errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Deferred indexes are created again after a restart: they must be plain (not UNIQUE) and idempotent. */
const DEFERRED_INDEX = /^\s*CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s/i;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The physical table behind a logical one in a generation: `market_progress` -> `market_progress__g3`. */
export function physicalTableName(logical: string, generation: number): string {
  return `${logical}__g${generation}`;
}

/** Logical -> physical names of one generation of a projection. */
export function generationTables(projection: Projection, generation: number): ReadonlyMap<string, string> {
  return new Map(
    projection.tables.map((table) => [table.logical, physicalTableName(table.logical, generation)]),
  );
}

/** Replaces each `{logical}` placeholder by its physical table; an unknown name is a programming error. */
export function resolveSql(
  template: string,
  tables: ReadonlyMap<string, string>,
  projectionName: string,
): string {
  return template.replace(PLACEHOLDER, (_placeholder, logical: string) => {
    const physical = tables.get(logical);
    if (physical === undefined) {
      throw new InvalidProjectionError(
        `Projection "${projectionName}" has no table "${logical}" (in: ${template})`,
      );
    }
    return physical;
  });
}

/**
 * Names must be unique: projections by name (it keys the checkpoint), tables across all projections (the
 * physical names share one database file).
 */
export function validateProjections(projections: readonly Projection[]): void {
  const names = new Set<string>();
  const owners = new Map<string, string>();
  for (const projection of projections) {
    if (names.has(projection.name))
      throw new InvalidProjectionError(`Duplicate projection "${projection.name}"`);
    names.add(projection.name);
    if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
      throw new InvalidProjectionError(`Projection "${projection.name}" needs a positive integer version`);
    }
    for (const table of projection.tables) {
      const { logical } = table;
      if (!IDENTIFIER.test(logical) || logical.includes('__g')) {
        throw new InvalidProjectionError(
          `Table name "${logical}" of "${projection.name}" is not a plain identifier`,
        );
      }
      if (table.indexes?.(logical).some((sql) => !DEFERRED_INDEX.test(sql))) {
        throw new InvalidProjectionError(
          `The indexes of "${logical}" of "${projection.name}" must read CREATE INDEX IF NOT EXISTS`,
        );
      }
      const owner = owners.get(logical);
      if (owner !== undefined) {
        throw new InvalidProjectionError(
          `Table "${logical}" is declared by both "${owner}" and "${projection.name}"`,
        );
      }
      owners.set(logical, projection.name);
    }
  }
}

/** Creates the tables of a new generation and records them. Call inside a transaction. */
export function createGenerationTables(
  db: Database.Database,
  projection: Projection,
  generation: number,
): void {
  const record = db.prepare(
    'INSERT OR IGNORE INTO projection_table (name, generation, physical) VALUES (?, ?, ?)',
  );
  for (const table of projection.tables) {
    const physical = physicalTableName(table.logical, generation);
    // Only a table left by a projection no longer registered can carry this name: it is not ours to keep.
    db.exec(`DROP TABLE IF EXISTS "${physical}"`);
    for (const statement of table.ddl(physical)) db.exec(statement);
    record.run(projection.name, generation, physical);
  }
}

/** Creates the deferred indexes of a generation's tables (ProjectionTable.indexes); a no-op when they exist. */
export function createGenerationIndexes(
  db: Database.Database,
  projection: Projection,
  generation: number,
): void {
  for (const table of projection.tables) {
    for (const statement of table.indexes?.(physicalTableName(table.logical, generation)) ?? []) {
      db.exec(statement);
    }
  }
}

/** Drops every table recorded for a generation (indexes go with their tables). Call inside a transaction. */
export function dropGenerationTables(
  db: Database.Database,
  projectionName: string,
  generation: number,
): void {
  const tables = db
    .prepare<[string, number], { physical: string }>(
      'SELECT physical FROM projection_table WHERE name = ? AND generation = ?',
    )
    .all(projectionName, generation);
  for (const { physical } of tables) db.exec(`DROP TABLE IF EXISTS "${physical}"`);
  db.prepare('DELETE FROM projection_table WHERE name = ? AND generation = ?').run(
    projectionName,
    generation,
  );
}
