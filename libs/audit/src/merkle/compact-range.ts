import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash';
import { half, isOdd, isTreeSize, popcount } from './tree-math';

/**
 * The right edge of a Merkle tree: the roots of its complete subtrees, one per set bit of its size, largest
 * first. That is all an append needs, so a tree of any size is grown in O(log n) memory; the callback hands
 * every finished node to whoever keeps them (for proofs).
 */
export class CompactRange {
  private count: number;
  private readonly edge: Buffer[];

  constructor(size = 0, nodes: Buffer[] = []) {
    if (!isTreeSize(size)) throw new RangeError(`a tree size is a safe non-negative integer, not ${size}`);
    if (nodes.length !== popcount(size)) {
      throw new RangeError(`a tree of ${size} leaves has ${popcount(size)} edge nodes, not ${nodes.length}`);
    }
    if (nodes.some((node) => node.length !== HASH_SIZE))
      throw new RangeError('edge nodes are 32-byte hashes');
    this.count = size;
    this.edge = [...nodes];
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds one leaf. `onNode` sees the leaf (level 0, index = leaf index) and then each interior node the
   * leaf completes, bottom-up: (level, index) covers leaves [index·2^level, (index+1)·2^level).
   */
  append(leafHash: Buffer, onNode?: (level: number, index: number, hash: Buffer) => void): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
    if (this.count >= Number.MAX_SAFE_INTEGER) throw new RangeError('the tree is full');
    let hash = leafHash;
    let level = 0;
    let index = this.count;
    onNode?.(level, index, hash);
    // Each trailing set bit of the old size is a complete left sibling on the edge: merge with it.
    while (isOdd(index)) {
      hash = nodeHash(this.edge.pop() as Buffer, hash);
      level++;
      index = half(index);
      onNode?.(level, index, hash);
    }
    this.edge.push(hash);
    this.count++;
  }

  /** MTH of the whole tree (RFC 9162 §2.1.1): the edge folded from the right. */
  root(): Buffer {
    if (this.edge.length === 0) return Buffer.from(EMPTY_ROOT);
    let root = this.edge[this.edge.length - 1];
    for (let i = this.edge.length - 2; i >= 0; i--) root = nodeHash(this.edge[i], root);
    return root;
  }

  nodes(): Buffer[] {
    return [...this.edge];
  }

  /** The complete subtrees (level, index) making up the edge of a tree of `size`, largest first. */
  static levelsOf(size: number): { level: number; index: number }[] {
    if (!isTreeSize(size)) throw new RangeError(`a tree size is a safe non-negative integer, not ${size}`);
    let level = 0;
    let width = 1;
    while (width * 2 <= size) {
      width *= 2;
      level++;
    }
    const levels: { level: number; index: number }[] = [];
    let start = 0;
    for (; width >= 1; width /= 2, level--) {
      if (start + width <= size) {
        levels.push({ level, index: start / width });
        start += width;
      }
    }
    return levels;
  }
}
