import { createHash, randomUUID } from 'node:crypto';
import type { EventToAppend, JsonObject } from '@app/event-store';

/** Market codes of the benchmark program: one stream (and one client) each. */
export const MARKETS = [
  'IN',
  'HK',
  'ID',
  'MY',
  'PH',
  'SG',
  'TW',
  'TH',
  'VN',
  'KR',
  'JP',
  'AU',
  'NZ',
  'BD',
  'LK',
  'PK',
];

export const PROGRAM_ID = 'bench-2014';

const sha256 = (seed: string): string => createHash('sha256').update(seed).digest('hex');
/** Precomputed digests: building payloads must cost next to nothing inside a timed loop. */
const DIGESTS = Array.from({ length: 256 }, (_, index) => sha256(`bench-${index}`));
const hex = (seed: number): string => DIGESTS[seed & 255];

/** BatchVerified-like data, as the API writes it. */
export function batchVerifiedData(market: string, batchId: string): JsonObject {
  return {
    programId: PROGRAM_ID,
    market,
    batchId,
    users: 25000,
    checksum: `sha256:${hex(batchId.length + batchId.charCodeAt(batchId.length - 1))}`,
  };
}

/** An envelope like the API's (actor, role, ids, both times, schema version, hash chain): about 400 bytes. */
export function envelope(revision: number, at: string): JsonObject {
  return {
    actor: 'ops-bench-1',
    role: 'operator',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: at,
    recordedAt: at,
    schemaVersion: 1,
    prevHash: hex(revision),
    hash: hex(revision + 1),
  };
}

/** `count` BatchVerified events of one market stream, starting at `firstRevision`. */
export function batchVerifiedEvents(market: string, firstRevision: number, count: number): EventToAppend[] {
  const at = new Date().toISOString();
  const events: EventToAppend[] = [];
  for (let index = 0; index < count; index++) {
    const revision = firstRevision + index;
    events.push({
      id: randomUUID(),
      type: 'BatchVerified',
      data: batchVerifiedData(market, `${market}-${String(revision).padStart(6, '0')}`),
      metadata: envelope(revision, at),
    });
  }
  return events;
}

export function marketStream(market: string): string {
  return `market-${PROGRAM_ID}-${market}`;
}

/** Bytes of one event's JSON columns, to print next to the figures. */
export function payloadSizes(): { data: number; metadata: number } {
  const [event] = batchVerifiedEvents('IN', 0, 1);
  return { data: JSON.stringify(event.data).length, metadata: JSON.stringify(event.metadata).length };
}
