import 'reflect-metadata';
import { listenApi, type BenchApi } from '../support/bench-api';
import type { Durability } from '../support/options';
import { OPERATOR_KEY, VIEWER_KEY } from './read-api.server';

/**
 * The API of the SSE fan-out part (sse-fanout.bench.ts) in a process of its own, so that its CPU time is its
 * own: the SSE clients and the poster run in the bench's process. Answers `cpu` with process.cpuUsage() and
 * `close` by closing and exiting.
 */

export interface FanoutServerRequest {
  dataDir: string;
  durability: Durability;
  /** The program's clock starts here and runs in real time. */
  asOf: string;
  streams: number;
  /** Every live event the whole view (`SSE_FULL_VIEWS=1`), as before `progress-changes`. */
  fullViews: boolean;
}

export type FanoutServerMessage =
  | { type: 'listening'; origin: string; mode: string }
  | { type: 'cpu'; userMicros: number; systemMicros: number }
  | { type: 'failed'; error: string };

async function serve(request: FanoutServerRequest): Promise<void> {
  const startedAt = Date.now();
  let api: BenchApi | undefined;
  try {
    api = await listenApi(
      request.dataDir,
      request.durability,
      {
        API_KEYS: `bench-viewer:viewer:${VIEWER_KEY},bench-ops:operator:${OPERATOR_KEY}`,
        READ_WAIT_TIMEOUT_MS: '30000',
        SSE_MAX_STREAMS_PER_KEY: String(request.streams + 10),
        MAX_CONNECTIONS: String(request.streams + 100),
        ...(request.fullViews ? { SSE_FULL_VIEWS: '1' } : {}),
      },
      { clock: () => new Date(Date.parse(request.asOf) + Date.now() - startedAt) },
    );
  } catch (error) {
    process.send?.({ type: 'failed', error: String(error) } satisfies FanoutServerMessage);
    process.exit(1);
  }
  const served = api;
  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ type: 'cpu', userMicros: user, systemMicros: system } satisfies FanoutServerMessage);
    } else if (message.type === 'close') {
      void served.close().finally(() => process.exit(0));
    }
  });
  process.send?.({
    type: 'listening',
    origin: served.origin,
    mode: served.mode,
  } satisfies FanoutServerMessage);
}

void serve(JSON.parse(process.argv[2]) as FanoutServerRequest);
