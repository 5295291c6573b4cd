import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, SqliteEventStore, type EventStore, type SqliteEventStoreStats } from '@app/event-store';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { loadConfig } from '../../apps/api/src/config/app.config';
import type { Durability } from '../support/options';
import { MARKETS, PROGRAM_ID } from '../support/payloads';

/** The candidate: the real API (createApp) on a temp data dir, listening on loopback. */

export const OPERATOR_KEY = 'bench-operator-key-0001';
export const AUTH_HEADERS = { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };

export interface ApiServer {
  origin: string;
  /** e.g. "wal/FULL", read back from the store. */
  mode: string;
  stats(): SqliteEventStoreStats | undefined;
  close(): Promise<void>;
}

export async function startApi(dataDir: string, durability: Durability): Promise<ApiServer> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DURABILITY: durability,
    API_KEYS: `bench-ops:operator:${OPERATOR_KEY}`,
  });
  const app: NestFastifyApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const store = app.get<symbol, EventStore>(EVENT_STORE);
  const sqlite = store instanceof SqliteEventStore ? store : undefined;
  const settings = sqlite?.settings();
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('API has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    mode: settings ? `${settings.journalMode}/${settings.synchronous.toUpperCase()}` : 'not SQLite',
    stats: () => sqlite?.stats(),
    close: () => app.close(),
  };
}

async function command(origin: string, path: string, body: object): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: AUTH_HEADERS,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
}

/** One program; each market enrolled with a large scope and started. */
export async function setUpProgram(origin: string): Promise<void> {
  await command(origin, '/programs', {
    programId: PROGRAM_ID,
    name: 'Benchmark relocation',
    sourceRegion: 'cn-north',
    deadline: '2030-10-31T23:59:59+08:00',
    dataCategories: ['device-ids', 'contacts', 'messages', 'cloud-files'],
  });
  for (const market of MARKETS) {
    const base = `/programs/${PROGRAM_ID}/markets`;
    await command(origin, base, { market, targetRegion: 'us-east', usersInScope: 1_000_000_000 });
    await command(origin, `${base}/${market}/start`, {});
  }
}

export const batchPath = (market: string, batchId: string, step: 'copied' | 'verified'): string =>
  `/programs/${PROGRAM_ID}/markets/${market}/batches/${batchId}/${step}`;
