import type Database from 'better-sqlite3';
import { resolveSql } from './generation-tables';
import type { ProjectionContext, SqlParams } from './projection';

/**
 * Statements on the tables of one generation of one projection. Each template is resolved and prepared
 * once, then reused: during a rebuild the same few templates run a million times.
 */
export class GenerationContext implements ProjectionContext {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly projectionName: string,
    private readonly tables: ReadonlyMap<string, string>,
  ) {}

  run(sql: string, ...params: SqlParams): void {
    this.statement(sql).run(...params);
  }

  get<T>(sql: string, ...params: SqlParams): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SqlParams): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  private statement(template: string): Database.Statement {
    let statement = this.statements.get(template);
    if (statement === undefined) {
      statement = this.db.prepare(resolveSql(template, this.tables, this.projectionName));
      this.statements.set(template, statement);
    }
    return statement;
  }
}
