import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Durability } from '../support/options';
import { batchVerifiedData, envelope } from '../support/payloads';
import { RawEventTable } from '../support/raw-sqlite';

/** The HTTP baseline: bare Fastify, one POST route, one row of similar JSON per request, one transaction each. */
export interface BareServer {
  origin: string;
  /** e.g. "wal/FULL", read back from SQLite. */
  mode: string;
  close(): Promise<void>;
}

interface BatchRoute {
  Params: { programId: string; market: string; batchId: string };
}

export async function startBareServer(dataDir: string, durability: Durability): Promise<BareServer> {
  const table = new RawEventTable(join(dataDir, 'events.sqlite'), durability);
  const heads = new Map<string, number>();
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post<BatchRoute>(
    '/programs/:programId/markets/:market/batches/:batchId/verified',
    async (request, reply) => {
      const { programId, market, batchId } = request.params;
      const streamId = `market-${programId}-${market}`;
      const revision = (heads.get(streamId) ?? -1) + 1;
      const event = {
        id: randomUUID(),
        type: 'BatchVerified',
        data: batchVerifiedData(market, batchId),
        metadata: envelope(revision, new Date().toISOString()),
      };
      const position = table.append(streamId, revision, [event]);
      heads.set(streamId, revision);
      return reply.code(201).send({ streamId, revision, position });
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('Bare server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    mode: table.mode(),
    close: async () => {
      await app.close();
      table.close();
    },
  };
}
