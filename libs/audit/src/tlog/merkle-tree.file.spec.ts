import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@app/event-store';
import { AUDIT_STREAM, CHECKPOINT_SIGNED } from '../checkpoint/checkpoint';
import { leafHash } from '../merkle/merkle-hash';
import { MemoryMerkleTree } from '../merkle/memory-merkle-tree';
import { verifyConsistency, verifyInclusion } from '../merkle/merkle-proofs';
import { leafDataOf } from './leaf-data';
import { MerkleTreeFile, type TreeLeaf } from './merkle-tree.file';
import { TreeWriter } from './tree-writer';

const hashOf = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
/** Leaves at sparse positions (3, 6, 9 ...), as EventStoreDB's are; every fifth one a checkpoint. */
const leaf = (i: number): TreeLeaf => ({
  position: BigInt(3 * i + 3),
  hash: hashOf(i),
  checkpoint: i % 5 === 4,
});
const leaves = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => leaf(from + k));

function memoryTree(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(leafHash(leafDataOf(hashOf(i))));
  return tree;
}

/** A tree file with its writer thread: appends go through the thread, reads through the file. */
const opened: TreeWriter[] = [];
function open(
  path: string,
): MerkleTreeFile & { append: (l: TreeLeaf[]) => Promise<unknown>; reset: () => Promise<unknown> } {
  const tree = new MerkleTreeFile(path);
  const writer = new TreeWriter(tree);
  opened.push(writer);
  return Object.assign(tree, {
    append: (l: TreeLeaf[]) => writer.append(l),
    reset: () => writer.reset(),
    close: () => {
      void writer.close();
      MerkleTreeFile.prototype.close.call(tree);
    },
  });
}

describe('Merkle tree file and its writer', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'tree-')), 'merkle-tree.sqlite');
  afterAll(async () => {
    for (const writer of opened) await writer.close();
  });

  it('holds the same tree as one built in memory: roots and proofs for every size', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 40));
    await tree.append(leaves(40, 77));
    const memory = memoryTree(77);
    for (let size = 0; size <= 77; size++) expect(tree.rootAt(size)).toEqual(memory.rootAt(size));
    expect(tree.inclusionProof(13, 50)).toEqual(memory.inclusionProof(13, 50));
    expect(tree.consistencyProof(21, 77)).toEqual(memory.consistencyProof(21, 77));
    const proof = tree.inclusionProof(60, 77);
    expect(verifyInclusion(tree.node(0, 60), 60, 77, proof, tree.root())).toBe(true);
    expect(verifyConsistency(21, 77, tree.rootAt(21), tree.root(), tree.consistencyProof(21, 77))).toBe(true);
  });

  it('keeps everything across a reopen, and goes on from there', async () => {
    const path = file();
    const first = open(path);
    await first.append(leaves(0, 33));
    first.close();
    const again = open(path);
    expect({ size: again.size, last: again.lastPosition }).toEqual({ size: 33, last: 99n });
    await again.append(leaves(33, 50));
    expect(again.root()).toEqual(memoryTree(50).root());
  });

  it('finds a leaf by its position, and nothing between positions', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 25));
    expect(tree.leafIndexOf(3n)).toBe(0);
    expect(tree.leafIndexOf(48n)).toBe(15);
    expect(tree.leafIndexOf(75n)).toBe(24);
    expect([tree.leafIndexOf(4n), tree.leafIndexOf(0n), tree.leafIndexOf(78n)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(tree.positionOf(15)).toBe(48n);
  });

  it('counts the size a new checkpoint must reach: up to the last leaf that is not a checkpoint', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 5)); // leaf 4 is a checkpoint
    expect({ size: tree.size, substantive: tree.substantiveSize }).toEqual({ size: 5, substantive: 4 });
    await tree.append(leaves(5, 6));
    expect(tree.substantiveSize).toBe(6);
  });

  it('refuses a log that goes back, and keeps what it had', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 10));
    const root = tree.root();
    await expect(tree.append([leaf(10), { ...leaf(11), position: 3n }])).rejects.toThrow(/went back/);
    expect({ size: tree.size, root: tree.root() }).toEqual({ size: 10, root });
    await tree.append(leaves(10, 12));
    expect(tree.root()).toEqual(memoryTree(12).root());
  });

  it('starts over empty after a reset', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 10));
    await tree.reset();
    expect({ size: tree.size, last: tree.lastPosition }).toEqual({ size: 0, last: 0n });
    await tree.append(leaves(0, 3));
    expect(tree.root()).toEqual(memoryTree(3).root());
  });

  it('answers no proof for a size it does not hold', async () => {
    const tree = open(file());
    await tree.append(leaves(0, 4));
    expect(() => tree.inclusionProof(0, 5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(2, 5)).toThrow(RangeError);
  });

  it('reads the embedded store’s file itself: leaves of every event in position order, checkpoints flagged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-store-'));
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), readerThread: false });
    try {
      const event = (i: number, type = 'BatchCopied') => ({
        id: randomUUID(),
        type,
        data: { i },
        metadata: { hash: hashOf(i) },
      });
      await store.append('market-p-IN', [event(0), event(1)], { expectedRevision: 'no_stream' });
      await store.append(AUDIT_STREAM, [event(2, CHECKPOINT_SIGNED)], { expectedRevision: 'no_stream' });
      await store.append('market-p-SG', [event(3), { ...event(4), metadata: { hash: 'not a hash' } }], {
        expectedRevision: 'no_stream',
      });
      const tree = new MerkleTreeFile(join(dir, 'merkle-tree.sqlite'));
      const writer = new TreeWriter(tree, join(dir, 'events.sqlite'));
      opened.push(writer);
      expect(await writer.catchUp()).toEqual({ size: 5, lastPosition: 5n, substantiveSize: 5 });
      const expected = new MemoryMerkleTree();
      for (const hash of [0, 1, 2, 3].map(hashOf)) expected.append(leafHash(leafDataOf(hash)));
      expected.append(leafHash(Buffer.alloc(32)));
      expect(tree.root()).toEqual(expected.root());
      await store.append('market-p-IN', [event(5)], { expectedRevision: 1n });
      await store.append(AUDIT_STREAM, [event(6, CHECKPOINT_SIGNED)], { expectedRevision: 0n });
      expect(await writer.catchUp()).toEqual({ size: 7, lastPosition: 7n, substantiveSize: 6 });
    } finally {
      await store.close();
    }
  });
});
