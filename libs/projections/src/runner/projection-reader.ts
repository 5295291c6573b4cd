import type Database from 'better-sqlite3';
import { GenerationContext } from './generation-context';
import { generationTables } from './generation-tables';
import type { Projection, SqlParams } from './projection';
import { ProjectionStateRepository } from './projection-state.repository';
import { ProjectionUnavailableError, UnknownProjectionError } from './projection.errors';

interface ReadTarget {
  projection: Projection;
  generation: number;
  context: GenerationContext | undefined;
}

/**
 * Queries for query handlers, on the ACTIVE generation of a projection: `{logical}` placeholders resolve to
 * the generation serving reads, looked up at every query so that a swap is seen at once. On the runner's
 * connection (better-sqlite3 is synchronous), a query sees whole committed batches only. Statements are
 * prepared once per template and generation.
 */
export class ProjectionReader {
  private readonly targets = new Map<string, ReadTarget>();
  private readonly states: ProjectionStateRepository;

  constructor(
    private readonly db: Database.Database,
    projections: readonly Projection[],
  ) {
    this.states = new ProjectionStateRepository(db);
    for (const projection of projections) {
      this.targets.set(projection.name, { projection, generation: 0, context: undefined });
    }
  }

  all<T>(projectionName: string, sql: string, ...params: SqlParams): T[] {
    return this.context(projectionName).all<T>(sql, ...params);
  }

  get<T>(projectionName: string, sql: string, ...params: SqlParams): T | undefined {
    return this.context(projectionName).get<T>(sql, ...params);
  }

  private context(projectionName: string): GenerationContext {
    const target = this.targets.get(projectionName);
    if (target === undefined) throw new UnknownProjectionError(projectionName);
    const generation = this.states.activeGeneration(projectionName);
    if (generation === undefined) throw new ProjectionUnavailableError(projectionName);
    if (target.context === undefined || target.generation !== generation) {
      // The previous generation's statements go with it: its tables are dropped at the swap.
      target.context = new GenerationContext(
        this.db,
        projectionName,
        generationTables(target.projection, generation),
      );
      target.generation = generation;
    }
    return target.context;
  }
}
