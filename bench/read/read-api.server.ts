import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@app/event-store';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { loadConfig } from '../../apps/api/src/config/app.config';
import type { Clock } from '../../apps/api/src/shared/clock';
import type { Durability } from '../support/options';
import { sleep } from '../support/timing';

/** The real API (createApp) on a data dir holding a generated log, listening on loopback, for the read parts. */

export const VIEWER_KEY = 'bench-viewer-key-0001';
export const OPERATOR_KEY = 'bench-operator-key-0001';
export const VIEWER_HEADERS = { authorization: `Bearer ${VIEWER_KEY}` };

export interface ReadApi {
  origin: string;
  /** e.g. "wal/FULL", read back from the store. */
  mode: string;
  close(): Promise<void>;
}

export async function startReadApi(dataDir: string, durability: Durability, clock: Clock): Promise<ReadApi> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DURABILITY: durability,
    API_KEYS: `bench-viewer:viewer:${VIEWER_KEY},bench-ops:operator:${OPERATOR_KEY}`,
    READ_WAIT_TIMEOUT_MS: '30000',
  });
  const app: NestFastifyApplication = await createApp(config, { clock });
  await app.listen(0, '127.0.0.1');
  const store = app.get<symbol, EventStore>(EVENT_STORE);
  const settings = store instanceof SqliteEventStore ? store.settings() : undefined;
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('API has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    mode: settings ? `${settings.journalMode}/${settings.synchronous.toUpperCase()}` : 'not SQLite',
    close: () => app.close(),
  };
}

/**
 * Waits until the API's read models include `head` (GET with `?minPosition=`, which answers 503 after the
 * API's wait timeout while they are behind). Returns the first 200 answer's body.
 */
export async function waitForReadModels(
  origin: string,
  path: string,
  head: bigint,
  limitMs: number,
): Promise<any> {
  const deadline = Date.now() + limitMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const response = await fetch(`${origin}${path}?minPosition=${head}`, { headers: VIEWER_HEADERS });
    const text = await response.text();
    if (response.status === 200) return JSON.parse(text);
    if (response.status !== 503)
      throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    if (attempt > 0) await sleep(100);
  }
  throw new Error(`The read models did not reach position ${head} within ${limitMs} ms`);
}
