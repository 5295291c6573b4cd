import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { computeEventHash, GENESIS_HASH } from '@app/audit';
import { EVENT_SCHEMA_VERSIONS, marketStreamId, programStreamId, type EventType } from '@app/domain';
import { SqliteEventStore, type EventToAppend, type JsonObject } from '@app/event-store';
import { DEADLINE_2014 } from './fixtures';

export interface BigProgram {
  programId: string;
  markets: string[];
  events: number;
  /** Global position of the last event. */
  head: bigint;
  /** When the first and the last batch step happened (each is logged a minute later). */
  firstBatchAt: Date;
  lastBatchAt: Date;
}

const MINUTE = 60_000;
/** Events per append. */
const CHUNK = 500;

/**
 * Writes, into a data dir before the server starts, a program long enough that replaying it takes many
 * turns of the event loop: created, `markets` enrolled and started, then `pairs` batches copied and verified
 * per market, one step every 2 minutes per market from 2014-03-01. Real envelopes with valid hash chains,
 * appended through the store's own port.
 */
export async function seedBigProgram(
  dataDir: string,
  { programId, markets, pairs }: { programId: string; markets: string[]; pairs: number },
): Promise<BigProgram> {
  const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite'), durability: 'normal' });
  const start = Date.parse('2014-03-01T00:00:00Z');
  let events = 0;
  let head = 0n;
  const append = async (streamId: string, steps: { type: EventType; data: object; at: number }[]) => {
    let prevHash = GENESIS_HASH;
    for (let from = 0; from < steps.length; from += CHUNK) {
      const chunk: EventToAppend[] = steps.slice(from, from + CHUNK).map((step, i) => {
        const metadata: JsonObject = {
          actor: 'seed',
          role: 'operator',
          correlationId: randomUUID(),
          occurredAt: new Date(step.at).toISOString(),
          recordedAt: new Date(step.at + MINUTE).toISOString(),
          schemaVersion: EVENT_SCHEMA_VERSIONS[step.type],
          prevHash,
        };
        const data = { programId, ...step.data } as JsonObject;
        metadata.hash = computeEventHash({ streamId, revision: from + i, type: step.type, data, metadata });
        prevHash = metadata.hash;
        return { id: randomUUID(), type: step.type, data, metadata };
      });
      const expectedRevision = from === 0 ? ('no_stream' as const) : BigInt(from - 1);
      const { position } = await store.append(streamId, chunk, { expectedRevision });
      if (position > head) head = position;
    }
    events += steps.length;
  };
  try {
    await append(programStreamId(programId), [
      {
        type: 'ProgramCreated',
        data: {
          name: 'A long program',
          sourceRegion: 'cn-north',
          deadline: DEADLINE_2014,
          timeZone: 'Asia/Singapore',
          dataCategories: ['contacts'],
        },
        at: start - 30 * 24 * 60 * MINUTE,
      },
    ]);
    for (const market of markets) {
      const ref = { market };
      const steps: { type: EventType; data: object; at: number }[] = [
        {
          type: 'MarketEnrolled',
          data: { ...ref, targetRegion: 'singapore', usersInScope: pairs * 100 },
          at: start - 2 * 24 * 60 * MINUTE,
        },
        { type: 'MigrationStarted', data: ref, at: start - 24 * 60 * MINUTE },
      ];
      for (let k = 0; k < pairs; k++) {
        const batchId = `${market}-${k}`;
        const at = start + k * 4 * MINUTE;
        steps.push({ type: 'BatchCopied', data: { ...ref, batchId, users: 100, attempt: 1 }, at });
        steps.push({ type: 'BatchVerified', data: { ...ref, batchId, users: 100 }, at: at + 2 * MINUTE });
      }
      await append(marketStreamId(programId, market), steps);
    }
  } finally {
    await store.close();
  }
  return {
    programId,
    markets,
    events,
    head,
    firstBatchAt: new Date(start),
    lastBatchAt: new Date(start + (pairs - 1) * 4 * MINUTE + 2 * MINUTE),
  };
}
