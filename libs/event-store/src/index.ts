export * from './event-store.port';
export * from './event-store.errors';
export { SqliteEventStore } from './sqlite-event-store';
export { storedDataJson } from './stored-event';
export { startSqliteThread, type SqliteThreadData } from './sqlite-thread';
export type {
  SqliteEventStoreOptions,
  SqliteEventStoreSettings,
  SqliteEventStoreStats,
} from './sqlite-event-store';
export type { SqliteDurability } from './sqlite-schema';
export { openSqliteFile, type SqliteFileOptions } from './sqlite-file';
export type { EventRow } from './sqlite-statements';
export { EventStoreDbEventStore } from './eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export { createEventStore } from './create-event-store';
export type { EventStoreConfig } from './create-event-store';
export { CREATE_EVENTS_TABLE } from './sqlite-schema';
export { FilteredEventStore, type SkipReason, type UnreadableEvent } from './filtered-event-store';
export { markUnreadable, unreadableReason } from './unreadable-event';
export { storeIdentity } from './store-identity';
