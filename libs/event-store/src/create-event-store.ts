import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import type { SqliteDurability } from './sqlite-schema';
import { SqliteEventStore } from './sqlite-event-store';

export interface EventStoreConfig {
  /** Directory of the embedded store's file (`events.sqlite`); created when missing. */
  dataDir: string;
  /** When set (and not blank), events go to EventStoreDB instead of the embedded store. */
  eventStoreConnectionString?: string;
  /** Embedded store only; see SqliteEventStoreOptions. */
  durability?: SqliteDurability;
  /** Embedded store only: sparse positions (SqliteEventStoreOptions.positionGaps). */
  positionGaps?: boolean;
  /**
   * Embedded store only: the application's clock, which stamps `recordedAt` of each commit, so the stored
   * time and the envelope's `metadata.recordedAt` follow one clock (EventStoreDB stamps its own server time).
   */
  clock?: () => Date;
  /** EventStoreDB only: the server-side stream filter of subscriptions to `$all` (see its options). */
  streamFilterRegex?: string;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  const connectionString = config.eventStoreConnectionString?.trim();
  if (connectionString) {
    return new EventStoreDbEventStore({ connectionString, streamFilterRegex: config.streamFilterRegex });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore({
    filename: join(config.dataDir, 'events.sqlite'),
    durability: config.durability,
    positionGaps: config.positionGaps,
    clock: config.clock,
  });
}
