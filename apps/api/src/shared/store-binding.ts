import type Database from 'better-sqlite3';

/** What binding a side file to the event store did: kept its records, bound it for the first time, or dropped them. */
export type StoreBinding = 'kept' | 'adopted' | 'cleared';

/**
 * Side files of the shared data dir (idempotency answers, projection actions) hold records about one event
 * store's events: answers naming positions and revisions, positions to skip. When the data dir meets another
 * store (an EventStoreDB database recreated, a connection string changed), those records would replay answers
 * for events that do not exist or skip the wrong events, so they are dropped and the file records the store
 * it now belongs to.
 *
 * `identity` is storeIdentity(store): undefined for an empty store without an id of its own. A file bound while
 * its store was empty adopts the store's identity once it has one: nothing written in between can have come
 * from another store, since binding to the empty store dropped what did. A file from before bindings existed
 * is adopted as it is: it was used with this store unless something proves otherwise. Runs in one IMMEDIATE
 * transaction, so replicas starting together agree.
 */
export function bindToStore(
  db: Database.Database,
  identity: string | undefined,
  tables: readonly string[],
): StoreBinding {
  db.exec(
    'CREATE TABLE IF NOT EXISTS store_binding (one INTEGER PRIMARY KEY CHECK (one = 1), identity TEXT)',
  );
  const read = db.prepare('SELECT identity FROM store_binding WHERE one = 1');
  const write = db.prepare('INSERT OR REPLACE INTO store_binding (one, identity) VALUES (1, ?)');
  const bind = db.transaction((): StoreBinding => {
    const row = read.get() as { identity: string | null } | undefined;
    const current = identity ?? null;
    if (row?.identity === current) return 'kept';
    write.run(current);
    if (row === undefined || row.identity === null) return 'adopted';
    for (const table of tables) db.exec(`DELETE FROM ${table}`);
    return 'cleared';
  });
  return bind.immediate();
}
