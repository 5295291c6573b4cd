import type Database from 'better-sqlite3';
import type { EventStore } from '@app/event-store';
import type { Projection } from './projection';

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
  /** Checkpoint the read side's WAL on a thread of its own (WalCheckpointer); default true for files. */
  checkpointThread?: boolean;
}

/**
 * Events per commit while catching up: a rebuild ran fastest at about 1000. The page being applied is live
 * data that every young-generation collection in between copies: 2000 was 10-20% slower; 700 or 500 paid
 * more in commits. The event loop is blocked ~10 ms per batch.
 */
export const DEFAULT_BATCH_SIZE = 1000;

/** Where the runner reports poison events, retries and failures of the log or the database. */
export interface ProjectionLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const consoleProjectionLogger: ProjectionLogger = {
  info: (message, details) => console.info(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};
