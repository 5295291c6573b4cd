import type Database from 'better-sqlite3';
import type { EventStore } from '@app/event-store';
import type { Projection } from './projection';
import type { ProjectionLogger } from './projection-logger';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** The read-side database (openProjectionDatabase). */
  db: Database.Database;
  projections: readonly Projection[];
  /** For updated_at, skip records and lagSeconds; never passed to projections. */
  clock?: () => Date;
  /** Events per transaction while catching up. */
  batchSize?: number;
  logger?: ProjectionLogger;
}

/** Large enough that a rebuild is bound by reading and applying, small enough to block the event loop ~10 ms. */
export const DEFAULT_BATCH_SIZE = 2000;
