import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  AUDIT_STREAM,
  canonicalJson,
  checkpointSigningBytes,
  FileKeyStore,
  signBytes,
  type CheckpointBody,
} from '@app/audit';
import { SqliteEventStore, type EventToAppend } from '@app/event-store';
import type { Principal } from '../../apps/api/src/auth/principal';
import { CheckpointService } from '../../apps/api/src/audit/checkpoints/checkpoint.service';
import { MerkleTreeService } from '../../apps/api/src/audit/tree/merkle-tree.service';
import { loadConfig } from '../../apps/api/src/config/app.config';
import { GetClient } from '../read/http-get';
import { VIEWER_HEADERS, waitForReadModels } from '../read/read-api.server';
import { listenApi } from '../support/bench-api';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions, type Durability } from '../support/options';
import { batchVerifiedEvents, marketStream, MARKETS } from '../support/payloads';
import { alternate } from '../support/rounds';
import { seededRandom, seedOf } from '../support/seeded';
import { percentile, perSecond, sortedCopy } from '../support/stats';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';

/**
 * The transparency log's costs: a checkpoint's size as streams multiply (10 vs 10,000: it must not grow),
 * inclusion-proof latency through the real API on a large log (vs a small one), and the append throughput of
 * the embedded store while the Merkle tree follows it as the server's does (vs the store alone).
 */

const AUDITOR_KEY = 'bench-auditor-key-0001';
const AUDITOR = { name: 'bench-auditor', role: 'auditor' } as Principal;
const FULL = { small: 10_000, large: 1_000_000, proofs: 1000, rounds: 3, appendMs: 2500 };
const QUICK = { small: 10_000, large: 100_000, proofs: 300, rounds: 3, appendMs: 600 };
/** How often the follower catches the tree up in the append figure (the server's scheduler: every 1,000 ms). */
const FOLLOW_MS = 100;

function chainedEvent(stream: string, revision: number): EventToAppend {
  const [event] = batchVerifiedEvents(stream.slice(-6), revision, 1);
  return { ...event, id: randomUUID() };
}

/** A checkpoint signed the server's way over a log of `events` events spread over `streams` streams. */
async function checkpointBytes(streams: number, events: number): Promise<{ tree: number; heads: number }> {
  const dir = makeTempDir(`tlog-size-${streams}`);
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), durability: 'normal' });
  try {
    const revisions = new Array<number>(streams).fill(-1);
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < events; i++) {
      const index = i % streams;
      const stream = `market-bench-${String(index).padStart(6, '0')}`;
      const revision = ++revisions[index];
      pending.push(
        store.append(stream, [chainedEvent(stream, revision)], {
          expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1),
        }),
      );
      if (pending.length >= 1000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const config = loadConfig({ DATA_DIR: dir });
    const trees = new MerkleTreeService(store, config);
    const service = new CheckpointService(store, () => new Date(), config, new FileKeyStore(dir), trees);
    await service.signNow(AUDITOR);
    const [stored] = await store.readStream(AUDIT_STREAM, { direction: 'backwards', maxCount: 1 });
    trees.onModuleDestroy();
    // What a schema-1 checkpoint of the same log held: every stream's head, signed.
    const { privateKey } = generateKeyPairSync('ed25519');
    const heads = Object.fromEntries(
      revisions.map((revision, index) => [
        `market-bench-${String(index).padStart(6, '0')}`,
        { revision, hash: 'f'.repeat(64) },
      ]),
    );
    const body: CheckpointBody = {
      sequence: 1,
      globalPosition: events,
      heads,
      signedAt: new Date().toISOString(),
      keyId: '0123456789abcdef',
      reason: 'on_demand',
    };
    const legacy = { ...body, signature: signBytes(checkpointSigningBytes(body), privateKey) };
    return {
      tree: Buffer.byteLength(canonicalJson(stored.data)) + Buffer.byteLength(canonicalJson(stored.metadata)),
      heads: Buffer.byteLength(canonicalJson(legacy)) + Buffer.byteLength(canonicalJson(stored.metadata)),
    };
  } finally {
    await store.close();
    removeTempDir(dir);
  }
}

interface ProofServer {
  label: string;
  origin: string;
  dir: string;
  events: number;
  close(): Promise<void>;
}

async function startProofServer(events: number, options: BenchOptions): Promise<ProofServer> {
  const log = await generatedLog(events);
  const dir = makeTempDir(`tlog-proofs-${events}`);
  copyLogTo(log, dir);
  const started = now();
  const api = await listenApi(dir, options.durability, {
    API_KEYS: `bench-viewer:viewer:${VIEWER_HEADERS.authorization.slice(7)},bench-auditor:auditor:${AUDITOR_KEY}`,
    READ_WAIT_TIMEOUT_MS: '30000',
    CHECKPOINT_EVERY_EVENTS: '10000000',
    CHECKPOINT_EVERY_MINUTES: '5256000',
  });
  // Proofs are served from the tree; the read side catches up meanwhile: let it finish first, as in use.
  const signed = await fetch(`${api.origin}/audit/checkpoints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${AUDITOR_KEY}` },
  });
  const checkpoint = (await signed.json()) as { treeSize: number };
  const treeSeconds = (now() - started) / 1000;
  await waitForReadModels(api.origin, '/programs', log.head, 30 * 60_000);
  const label = `${formatCount(events)}-event log`;
  console.log(
    `   ${label}: tree of ${formatCount(checkpoint.treeSize)} leaves built and signed ${formatNumber(treeSeconds)} s after start ` +
      `(${formatNumber(checkpoint.treeSize / treeSeconds)} leaves/s, read side catching up alongside)`,
  );
  return { label, origin: api.origin, dir, events, close: api.close };
}

async function proofLatency(client: GetClient, server: ProofServer, count: number, round: number) {
  const random = seededRandom(seedOf('tlog-proofs', server.events, round));
  const paths = Array.from(
    { length: count },
    () => `/audit/proofs/inclusion?position=${1 + Math.floor(random() * server.events)}`,
  );
  const result = await client.run({
    origin: server.origin,
    paths,
    headers: { authorization: `Bearer ${AUDITOR_KEY}` },
    timeoutMs: 30_000,
  });
  if (result.failed > 0) throw new Error(`inclusion proofs on ${server.label}: ${result.firstFailure}`);
  const sorted = sortedCopy(result.latencies);
  return { value: percentile(sorted, 99), p50: percentile(sorted, 50), bytes: result.lastBytes };
}

/** 16 appenders of one event each (group commit, as the API's commands), with or without the tree following. */
async function appendRun(durability: Durability, ms: number, withTree: boolean) {
  const dir = makeTempDir(withTree ? 'tlog-append-tree' : 'tlog-append');
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), durability });
  const trees = withTree ? new MerkleTreeService(store, loadConfig({ DATA_DIR: dir })) : undefined;
  let follow: NodeJS.Timeout | undefined;
  let following: Promise<unknown> = Promise.resolve();
  try {
    if (trees) {
      // The server starts its tree writer at boot (the scheduler's first catch-up), not amid the appends.
      await trees.catchUp();
      follow = setInterval(() => (following = trees.catchUp()), FOLLOW_MS);
    }
    const heads = new Array<number>(16).fill(-1);
    const until = now() + ms;
    const start = now();
    const counts = await Promise.all(
      heads.map(async (_head, index) => {
        let events = 0;
        const stream = marketStream(MARKETS[index]);
        while (now() < until) {
          const revision = heads[index] + 1;
          const result = await store.append(stream, [chainedEvent(stream, revision)], {
            expectedRevision: revision === 0 ? 'no_stream' : BigInt(heads[index]),
          });
          heads[index] = Number(result.nextRevision);
          events += 1;
        }
        return events;
      }),
    );
    const elapsed = now() - start;
    clearInterval(follow);
    await following;
    const events = counts.reduce((a, b) => a + b, 0);
    const leaves = trees ? await trees.catchUp() : 0;
    if (trees && leaves !== events) throw new Error(`the tree holds ${leaves} leaves for ${events} events`);
    return { value: perSecond(events, elapsed), events };
  } finally {
    clearInterval(follow);
    await trees?.onModuleDestroy();
    await store.close();
    removeTempDir(dir);
  }
}

export async function auditTlogBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  const durability = durabilityLabel(options.durability);
  const figures: Figure[] = [];
  console.log('\n== audit-tlog: checkpoint size, inclusion proofs, appends with the Merkle tree kept');

  const events = 20_000;
  const few = await checkpointBytes(10, events);
  const many = await checkpointBytes(10_000, events);
  console.log(
    `   checkpoint of ${formatCount(events)} events: ${few.tree} B with 10 streams, ${many.tree} B with 10,000 streams ` +
      `(a schema-1 checkpoint of stream heads: ${formatCount(few.heads)} B and ${formatCount(many.heads)} B)`,
  );
  figures.push({
    part: 'audit-tlog',
    name: 'checkpoint size, 10,000 vs 10 streams',
    durability: 'n/a (bytes of the stored event)',
    unit: 'B',
    baseline: few.tree,
    candidate: many.tree,
    ratio: many.tree / few.tree,
    target: 1,
    targetKind: 'max',
  });

  console.log(
    `   inclusion proofs: ${budget.proofs} sequential GET /audit/proofs/inclusion at random positions per run, real API`,
  );
  const client = new GetClient();
  const servers: ProofServer[] = [];
  try {
    for (const size of [budget.small, budget.large]) servers.push(await startProofServer(size, options));
    const [small, large] = servers;
    await proofLatency(client, small, 100, 99);
    await proofLatency(client, large, 100, 99);
    const comparison = await alternate(
      budget.rounds,
      (round) => proofLatency(client, small, budget.proofs, round),
      (round) => proofLatency(client, large, budget.proofs, round),
      (round, b, c) =>
        console.log(
          `   round ${round + 1}: ${small.label} p50 ${formatNumber(b.p50)} ms, p99 ${formatNumber(b.value)} ms | ` +
            `${large.label} p50 ${formatNumber(c.p50)} ms, p99 ${formatNumber(c.value)} ms (${c.bytes} B)`,
        ),
    );
    figures.push({
      part: 'audit-tlog',
      name: `inclusion proof p99, ${formatCount(budget.large)} vs ${formatCount(budget.small)} events`,
      durability: `${durability} (log), NORMAL (tree)`,
      unit: 'ms',
      baseline: comparison.medianBaseline,
      candidate: comparison.medianCandidate,
      ratio: comparison.ratio,
      target: 5,
      targetKind: 'max',
      targetOn: 'candidate',
    });
  } finally {
    await client.close();
    for (const server of servers) {
      await server.close();
      removeTempDir(server.dir);
    }
  }

  console.log(
    `   appends: 16 appenders x 1 event, ${budget.appendMs} ms per run; the tree catches up every ${FOLLOW_MS} ms`,
  );
  const appends = await alternate(
    budget.rounds,
    () => appendRun(options.durability, budget.appendMs, false),
    () => appendRun(options.durability, budget.appendMs, true),
    (round, b, c) =>
      console.log(
        `   round ${round + 1}: store alone ${formatNumber(b.value)} ev/s | with the tree ${formatNumber(c.value)} ev/s`,
      ),
  );
  figures.push({
    part: 'audit-tlog',
    name: '16 appenders x 1 event, Merkle tree kept vs not',
    durability,
    unit: 'events/s',
    baseline: appends.medianBaseline,
    candidate: appends.medianCandidate,
    ratio: appends.ratio,
    target: 0.9,
  });
  return figures;
}
