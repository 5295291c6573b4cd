import { CompactRange } from './compact-range';
import { consistencyProof, inclusionProof, rootAt, type SubtreeSource } from './merkle-proofs';
import { isTreeSize } from './tree-math';

/** A Merkle tree held in memory, every complete subtree kept by level: for tests and offline tools. */
export class MemoryMerkleTree implements SubtreeSource {
  private readonly range = new CompactRange();
  private readonly levels: Buffer[][] = [];

  get size(): number {
    return this.range.size;
  }

  append(leafHash: Buffer): void {
    this.range.append(leafHash, (level, index, hash) => {
      (this.levels[level] ??= [])[index] = hash;
    });
  }

  node(level: number, index: number): Buffer {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return hash;
  }

  root(): Buffer {
    return this.range.root();
  }

  rootAt(treeSize: number): Buffer {
    this.assertSize(treeSize);
    return rootAt(this, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize = this.size): Buffer[] {
    this.assertSize(treeSize);
    return inclusionProof(this, leafIndex, treeSize);
  }

  consistencyProof(from: number, to = this.size): Buffer[] {
    this.assertSize(to);
    return consistencyProof(this, from, to);
  }

  private assertSize(treeSize: number): void {
    if (!isTreeSize(treeSize) || treeSize > this.size) {
      throw new RangeError(`tree size ${treeSize} is beyond the ${this.size} leaves held`);
    }
  }
}
