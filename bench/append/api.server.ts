import type { SqliteEventStoreStats } from '@app/event-store';
import { listenApi } from '../support/bench-api';
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
  const api = await listenApi(dataDir, durability, { API_KEYS: `bench-ops:operator:${OPERATOR_KEY}` });
  return { origin: api.origin, mode: api.mode, stats: () => api.sqlite?.stats(), close: api.close };
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
