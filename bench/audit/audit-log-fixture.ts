import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  CompactRange,
  computeEventHash,
  eventLine,
  GENESIS_HASH,
  leafDataOf,
  leafHash,
  signTreeHead,
  type AuditEvent,
  type SigningKey,
  type TreeHeadData,
} from '@app/audit';
import type { RecordedEvent } from '@app/event-store';

const PROGRAM = 'bench-2014';
const MARKETS = ['IN', 'HK', 'ID', 'MY', 'PH', 'SG', 'TW', 'VN', 'TH', 'KR'];
const T0 = Date.parse('2014-03-01T00:00:00Z');

/** The events of one market migrated in batches of 1,000 users, in the tracker's own shapes. */
export function* marketEvents(market: string, count: number, firstPosition = 1): Generator<RecordedEvent> {
  let position = firstPosition;
  let revision = 0;
  const at = (i: number) => new Date(T0 + i * 60_000).toISOString();
  const event = (type: string, data: Record<string, unknown>, i: number): RecordedEvent => ({
    id: `e${position}`,
    streamId: market === '' ? `program-${PROGRAM}` : `market-${PROGRAM}-${market}`,
    revision: BigInt(revision++),
    position: BigInt(position++),
    type,
    data: { programId: PROGRAM, ...(market ? { market } : {}), ...data } as RecordedEvent['data'],
    metadata: { actor: 'ops-1', role: 'operator', occurredAt: at(i), recordedAt: at(i), schemaVersion: 1 },
    recordedAt: at(i),
  });
  yield event('MarketEnrolled', { targetRegion: 'us-east', usersInScope: count * 1_000 }, 0);
  yield event('MigrationStarted', {}, 1);
  for (let i = 2; i < count; i += 2) {
    const batchId = `${market}-${i}`;
    yield event('BatchCopied', { batchId, users: 1_000, attempt: 1 }, i);
    if (i + 1 < count) yield event('BatchVerified', { batchId, users: 1_000 }, i + 1);
  }
}

export function programCreated(): RecordedEvent {
  const at = new Date(T0 - 86_400_000).toISOString();
  return {
    id: 'e0',
    streamId: `program-${PROGRAM}`,
    revision: 0n,
    position: 1n,
    type: 'ProgramCreated',
    data: {
      programId: PROGRAM,
      name: 'Bench',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T23:59:59+08:00',
      timeZone: 'Asia/Singapore',
      dataCategories: ['contacts'],
    },
    metadata: { actor: 'ops-1', role: 'operator', occurredAt: at, recordedAt: at, schemaVersion: 1 },
    recordedAt: at,
  };
}

export const BENCH_PROGRAM = PROGRAM;

/**
 * Writes `total` chained events over ten market streams, interleaved as concurrent operators would, to an
 * NDJSON file in the bundle's format (what an auditor verifies offline), and last a checkpoint signing the
 * Merkle tree over them, as the server does (with `key`). Streams once; memory stays flat.
 */
export async function writeChainedLog(
  file: string,
  total: number,
  key: SigningKey,
): Promise<{ bytes: number; checkpoint: AuditEvent }> {
  const out = createWriteStream(file);
  const heads = new Map<string, { revision: number; hash: string }>();
  const range = new CompactRange();
  let bytes = 0;
  for (let position = 1; position <= total; position++) {
    const market = MARKETS[position % MARKETS.length];
    const streamId = `market-${PROGRAM}-${market}`;
    const head = heads.get(streamId);
    const revision = head ? head.revision + 1 : 0;
    const at = new Date(T0 + position * 1_000).toISOString();
    const metadata: Record<string, unknown> = {
      actor: 'ops-1',
      role: 'operator',
      correlationId: `c-${position}`,
      occurredAt: at,
      recordedAt: at,
      schemaVersion: 1,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const event: AuditEvent = {
      position: BigInt(position),
      streamId,
      revision: BigInt(revision),
      type: 'BatchVerified',
      data: {
        programId: PROGRAM,
        market,
        batchId: `${market}-${revision}`,
        users: 1_000,
        checksum: `sha256:${position}`,
      },
      metadata,
    };
    metadata.hash = computeEventHash(event);
    heads.set(streamId, { revision, hash: metadata.hash as string });
    range.append(leafHash(leafDataOf(metadata.hash)));
    const line = eventLine(event);
    bytes += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  const origin = 'bench/log';
  const root = range.root();
  const data: TreeHeadData = {
    sequence: 1,
    origin,
    treeSize: total,
    rootHash: root.toString('hex'),
    position: total,
    note: signTreeHead({ origin, treeSize: total, rootHash: root }, key),
    keyId: key.keyId,
    signedAt: new Date(T0).toISOString(),
    reason: 'on_demand',
  };
  const metadata: Record<string, unknown> = { actor: 'system', role: 'system', prevHash: GENESIS_HASH };
  const checkpoint: AuditEvent = {
    position: BigInt(total + 1),
    streamId: AUDIT_STREAM,
    revision: 0n,
    type: CHECKPOINT_SIGNED,
    data,
    metadata,
  };
  metadata.hash = computeEventHash(checkpoint);
  const line = eventLine(checkpoint);
  bytes += line.length;
  out.write(line);
  out.end();
  await once(out, 'finish');
  return { bytes, checkpoint };
}
