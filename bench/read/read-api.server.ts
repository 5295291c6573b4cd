import type { Clock } from '../../apps/api/src/shared/clock';
import { listenApi } from '../support/bench-api';
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

export function startReadApi(dataDir: string, durability: Durability, clock: Clock): Promise<ReadApi> {
  const env = {
    API_KEYS: `bench-viewer:viewer:${VIEWER_KEY},bench-ops:operator:${OPERATOR_KEY}`,
    READ_WAIT_TIMEOUT_MS: '30000',
  };
  return listenApi(dataDir, durability, env, { clock });
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
    if (response.status === 200) {
      await waitForTrailing(origin, deadline);
      return JSON.parse(text);
    }
    if (response.status !== 503)
      throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    if (attempt > 0) await sleep(100);
  }
  throw new Error(`The read models did not reach position ${head} within ${limitMs} ms`);
}

/**
 * `?minPosition=` does not wait for trailing projections (the as-of index): measurements start once `/health`
 * shows every projection live, so that as-of answers come from the index, as on a replica in its steady state.
 */
async function waitForTrailing(origin: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${origin}/health`)).json()) as {
      info?: { projections?: { projections?: { status: string }[] } };
    };
    const projections = health.info?.projections?.projections ?? [];
    if (projections.length > 0 && projections.every((p) => p.status === 'live')) return;
    await sleep(200);
  }
  throw new Error('The trailing read models did not reach the head in time');
}
