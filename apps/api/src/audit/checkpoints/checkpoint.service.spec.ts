import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_STREAM,
  computeEventHash,
  FileKeyStore,
  GENESIS_HASH,
  MerkleTreeFile,
  TreeWriter,
} from '@app/audit';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import type { Principal } from '../../auth/principal';
import { loadConfig } from '../../config/app.config';
import { MerkleTreeService } from '../tree/merkle-tree.service';
import { CheckpointService, LogDivergedError } from './checkpoint.service';

const auditor = { name: 'audit-1', role: 'auditor' } as Principal;
const clock = () => new Date('2014-07-01T00:00:00Z');

/** A replica: its own tree and checkpoint service over the shared store, with the shared signing key. */
function replica(store: EventStore, dataDir: string, name: string, keyPem: string) {
  const config = loadConfig({
    DATA_DIR: dataDir,
    READ_MODEL_DIR: join(dataDir, name),
    AUDIT_SIGNING_KEY: keyPem,
  });
  const trees = new MerkleTreeService(store, config);
  const service = new CheckpointService(store, clock, config, new FileKeyStore(dataDir, keyPem), trees);
  return { trees, service };
}

async function steps(store: EventStore, count: number, stream = 'market-p-IN'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const revision = await store.streamRevision(stream);
    const [head] = revision === undefined ? [] : await store.readStream(stream, { fromRevision: revision });
    const metadata: Record<string, string> = { prevHash: head ? String(head.metadata.hash) : GENESIS_HASH };
    const event = {
      streamId: stream,
      revision: (revision ?? -1n) + 1n,
      type: 'BatchCopied',
      data: { users: i },
    };
    metadata.hash = computeEventHash({ ...event, metadata });
    await store.append(stream, [{ id: randomUUID(), type: event.type, data: event.data, metadata }], {
      expectedRevision: revision ?? 'no_stream',
    });
  }
}

describe('checkpoint service', () => {
  const keyPem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  let dataDir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite'), readerThread: false });
  });
  afterEach(() => store.close());

  describe('when two replicas sign at the same moment', () => {
    it('stores one checkpoint: the one that lost the race answers with the winner’s', async () => {
      await steps(store, 5);
      // Replica A's appends wait at a gate, after it has read the audit stream's head.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const gated: EventStore = Object.assign(Object.create(store) as EventStore, {
        append: async (...args: Parameters<EventStore['append']>) => {
          await gate;
          return store.append(...args);
        },
      });
      const a = replica(gated, dataDir, 'a', keyPem);
      const b = replica(store, dataDir, 'b', keyPem);
      const signedByA = a.service.signNow(auditor);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const signedByB = await b.service.signNow(auditor);
      open();
      expect(await signedByA).toEqual(signedByB);
      const stored = await store.readStream(AUDIT_STREAM);
      expect(stored.map((e) => (e.data as { sequence: number }).sequence)).toEqual([1]);
      expect(signedByB).toMatchObject({ sequence: 1, treeSize: 5 });
    });

    it('continues the other replica’s sequence when there is something new to sign', async () => {
      const a = replica(store, dataDir, 'a', keyPem);
      const b = replica(store, dataDir, 'b', keyPem);
      await steps(store, 3);
      expect(await a.service.signNow(auditor)).toMatchObject({ sequence: 1, treeSize: 3 });
      await steps(store, 2);
      expect(await b.service.signNow(auditor)).toMatchObject({ sequence: 2, treeSize: 6 });
      expect(await a.service.latest()).toMatchObject({ sequence: 2, treeSize: 6 });
    });
  });

  describe('when the log no longer extends the latest checkpoint', () => {
    it('refuses to sign over it', async () => {
      const a = replica(store, dataDir, 'a', keyPem);
      await steps(store, 3);
      await a.service.signNow(auditor);
      // Another replica's tree that took a different history (as if its log had been rewritten).
      // B's tree file holds a different first leaf: the log B would sign does not extend checkpoint 1.
      mkdirSync(join(dataDir, 'b'));
      const forged = new MerkleTreeFile(join(dataDir, 'b', 'merkle-tree.sqlite'));
      const writer = new TreeWriter(forged);
      const rest = (await store.readAll({ fromPosition: 1n })).map((event) => ({
        position: event.position,
        hash: String(event.metadata.hash),
        checkpoint: event.streamId === AUDIT_STREAM,
      }));
      // Its last leaves are the log's own (the tip checks out at start); its first is not.
      await writer.append([{ position: 1n, hash: 'f'.repeat(64), checkpoint: false }, ...rest]);
      await writer.close();
      forged.close();
      const b = replica(store, dataDir, 'b', keyPem);
      await steps(store, 1);
      await expect(b.service.signNow(auditor)).rejects.toBeInstanceOf(LogDivergedError);
    });
  });

  describe('periodic signing', () => {
    it('signs nothing while only checkpoints came since the latest, and after N new events', async () => {
      const config = loadConfig({ DATA_DIR: dataDir, CHECKPOINT_EVERY_EVENTS: '3' });
      const trees = new MerkleTreeService(store, config);
      const service = new CheckpointService(store, clock, config, new FileKeyStore(dataDir), trees);
      await steps(store, 2);
      expect(await service.signIfDue()).toBeUndefined();
      await steps(store, 1);
      expect(await service.signIfDue()).toMatchObject({ sequence: 1, treeSize: 3, reason: 'events' });
      expect(await service.signIfDue()).toBeUndefined();
      expect(await service.signNow(auditor)).toMatchObject({ sequence: 1 });
    });
  });
});
