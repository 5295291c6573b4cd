import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  leafDataOf,
  leafHash,
  MemoryEventLog,
  MemoryMerkleTree,
} from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import { loadConfig } from '../../config/app.config';
import { MerkleTreeService } from './merkle-tree.service';

/** Events at sparse positions, as EventStoreDB's are (its positions are byte offsets). */
function events(count: number): RecordedEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${i}`,
    streamId: i % 7 === 6 ? AUDIT_STREAM : `market-p-${i % 2 ? 'IN' : 'SG'}`,
    revision: BigInt(i),
    position: BigInt(1000 + i * 517),
    type: i % 7 === 6 ? CHECKPOINT_SIGNED : 'BatchCopied',
    data: {},
    metadata: { hash: createHash('sha256').update(`e${i}`).digest('hex') },
    recordedAt: '2014-07-01T00:00:00.000Z',
  }));
}

describe('Merkle tree service, with a store other than the embedded one', () => {
  it('follows the log through the port, page by page, and keeps the tree of every event', async () => {
    const log = events(2_345);
    const dataDir = mkdtempSync(join(tmpdir(), 'tree-port-'));
    const config = loadConfig({ DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: 'esdb://unused:2113' });
    const service = new MerkleTreeService(new MemoryEventLog(log), config);
    try {
      expect(await service.catchUp()).toBe(2_345);
      const expected = new MemoryMerkleTree();
      for (const event of log) expected.append(leafHash(leafDataOf(event.metadata.hash)));
      expect(service.tree.root()).toEqual(expected.root());
      expect(service.tree.state()).toEqual({
        size: 2_345,
        lastPosition: log.at(-1)!.position,
        substantiveSize: 2_344, // the last event is a signed checkpoint
      });
      // A leaf is found by its (sparse) position.
      expect(service.tree.leafIndexOf(log[1_234].position)).toBe(1_234);
      expect(service.tree.leafIndexOf(log[1_234].position + 1n)).toBeUndefined();
    } finally {
      await service.onModuleDestroy();
    }
  });

  it('stops at once on shutdown, even in the middle of a catch-up, keeping the pages it wrote', async () => {
    const log = events(3_500);
    const dataDir = mkdtempSync(join(tmpdir(), 'tree-shutdown-'));
    const config = loadConfig({ DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: 'esdb://unused:2113' });
    // A store whose second page never comes (a read of a huge log still going on at shutdown).
    const memory = new MemoryEventLog(log);
    let reads = 0;
    let firstPageRead!: () => void;
    const firstPage = new Promise<void>((resolve) => (firstPageRead = resolve));
    const stalled = Object.assign(Object.create(memory) as MemoryEventLog, {
      readAll: async (options: Parameters<MemoryEventLog['readAll']>[0]) => {
        if ((options?.maxCount ?? 0) > 1) reads += 1; // pages, not the store's identity or the tip check
        if (reads > 1) {
          firstPageRead();
          return new Promise<never>(() => undefined);
        }
        return memory.readAll(options);
      },
    });
    const service = new MerkleTreeService(stalled, config);
    const catchingUp = service.catchUp();
    await firstPage;
    await service.onModuleDestroy(); // before the fix: waited for the catch-up, here forever
    await expect(Promise.race([catchingUp, Promise.resolve('still running')])).resolves.toBe('still running');
    const after = new MerkleTreeService(memory, config);
    try {
      expect(after.tree.state().size).toBe(1_000); // the first page, committed
      expect(await after.catchUp()).toBe(3_500);
    } finally {
      await after.onModuleDestroy();
    }
  });

  it('rebuilds a tree built from another store, even when its last leaf matches this log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tree-other-store-'));
    const config = loadConfig({ DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: 'esdb://unused:2113' });
    const first = events(50);
    const before = new MerkleTreeService(new MemoryEventLog(first), config);
    try {
      expect(await before.catchUp()).toBe(50);
    } finally {
      await before.onModuleDestroy();
    }
    // A recreated store: other events in the middle, the same last one (the tip check alone would pass).
    const other = events(50).map((event, i) =>
      i === 0 || i === 20
        ? {
            ...event,
            id: `other-${i}`,
            metadata: { hash: createHash('sha256').update(`o${i}`).digest('hex') },
          }
        : event,
    );
    const after = new MerkleTreeService(new MemoryEventLog(other), config);
    try {
      expect(await after.catchUp()).toBe(50);
      const expected = new MemoryMerkleTree();
      for (const event of other) expected.append(leafHash(leafDataOf(event.metadata.hash)));
      expect(after.tree.root()).toEqual(expected.root());
    } finally {
      await after.onModuleDestroy();
    }
  });
});
