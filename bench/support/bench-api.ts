import { EVENT_STORE, FilteredEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { createApp, type CreateAppOptions } from '../../apps/api/src/bootstrap/create-app';
import { loadConfig } from '../../apps/api/src/config/app.config';
import type { Durability } from './options';

export interface BenchApi {
  origin: string;
  /** e.g. "wal/FULL", read back from the store. */
  mode: string;
  /** The embedded store (for its counters); undefined on another adapter. */
  sqlite: SqliteEventStore | undefined;
  close(): Promise<void>;
}

/**
 * The real API (createApp) on `dataDir`, silent, listening on a free loopback port. `env` adds to (or overrides)
 * its configuration: the keys, for one.
 */
export async function listenApi(
  dataDir: string,
  durability: Durability,
  env: Record<string, string>,
  options: CreateAppOptions = {},
): Promise<BenchApi> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DURABILITY: durability,
    ...env,
  });
  const app = await createApp(config, options);
  await app.listen(0, '127.0.0.1');
  const served = app.get<symbol, EventStore>(EVENT_STORE);
  // The app reads the store through its filter of the tracker's streams: the adapter is the one inside.
  const store = served instanceof FilteredEventStore ? served.inner : served;
  const sqlite = store instanceof SqliteEventStore ? store : undefined;
  const settings = sqlite?.settings();
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('API has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    mode: settings ? `${settings.journalMode}/${settings.synchronous.toUpperCase()}` : 'not SQLite',
    sqlite,
    close: () => app.close(),
  };
}
