import { createHash } from 'node:crypto';
import { leafHash } from '../merkle/merkle-hash';
import { MemoryMerkleTree } from '../merkle/memory-merkle-tree';
import { leafDataOf } from '../tlog/leaf-data';
import { LeafHasher } from './leaf-hasher';

const stored = (i: number) =>
  i % 97 === 13 ? 'not a hash' : createHash('sha256').update(`e${i}`).digest('hex');

function memoryTree(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(leafHash(leafDataOf(stored(i))));
  return tree;
}

describe('leaf hasher', () => {
  const total = 5000;
  const sizes = [0, 1, 2, 3, 100, 127, 128, 129, 1000, 4095, 4096, 4097, 4999, 5000, 7000];
  const memory = memoryTree(total);

  it.each([
    ['on the calling thread', 1_000_000],
    ['on a thread of its own after 100 leaves', 100],
    ['on a thread of its own from the first leaf', 1],
  ])('reports the RFC 9162 root at each size asked for, %s', async (_how, threadAfter) => {
    const hasher = new LeafHasher(sizes, threadAfter);
    for (let i = 0; i < total; i++) hasher.push(stored(i));
    expect(hasher.size).toBe(total);
    const roots = await hasher.finish();
    const reached = sizes.filter((size) => size <= total);
    expect([...roots.keys()].sort((a, b) => a - b)).toEqual(reached);
    for (const size of reached) expect([size, roots.get(size)]).toEqual([size, memory.rootAt(size)]);
  });

  it('says when the thread falls behind, and lets the caller wait for it instead of queueing without bound', async () => {
    const leaves = 16 * 4096;
    const hasher = new LeafHasher([leaves], 1);
    hasher.push(stored(0));
    // Pushed in one turn of the event loop: the thread cannot have answered any batch yet.
    for (let i = 1; i < leaves + 1; i++) hasher.push(stored(i));
    expect(hasher.backlogged).toBe(true);
    await hasher.drain();
    expect(hasher.backlogged).toBe(false);
    const roots = await hasher.finish();
    expect(roots.get(leaves)).toEqual(memoryTree(leaves).rootAt(leaves));
  });

  it('answers no root for a size the leaves never reached', async () => {
    const hasher = new LeafHasher([10], 4);
    for (let i = 0; i < 9; i++) hasher.push(stored(i));
    expect((await hasher.finish()).has(10)).toBe(false);
  });
});
