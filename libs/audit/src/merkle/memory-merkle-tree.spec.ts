import { leafHash } from './merkle-hash';
import { rootAt, verifyConsistency, verifyInclusion } from './merkle-proofs';
import { MemoryMerkleTree } from './memory-merkle-tree';
import { CT_LEAVES, CT_NODES, CT_ROOTS } from './testing/ct-vectors';

function ctTree(): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  CT_LEAVES.forEach((leaf) => tree.append(leafHash(leaf)));
  return tree;
}

describe('memory Merkle tree', () => {
  describe('given the eight certificate-transparency leaves', () => {
    it('holds every complete subtree by level and index', () => {
      const tree = ctTree();
      CT_NODES.forEach((hashes, level) =>
        hashes.forEach((hash, index) => expect(tree.node(level, index).toString('hex')).toBe(hash)),
      );
    });

    it('answers the root of every earlier size', () => {
      const tree = ctTree();
      expect(tree.size).toBe(8);
      expect(CT_ROOTS.map((_, n) => tree.rootAt(n).toString('hex'))).toEqual(CT_ROOTS);
      expect(tree.root()).toEqual(rootAt(tree, 8));
    });

    it('proves against its current size unless told another', () => {
      const tree = ctTree();
      expect(verifyInclusion(tree.node(0, 3), 3, 8, tree.inclusionProof(3), tree.root())).toBe(true);
      expect(verifyConsistency(5, 8, tree.rootAt(5), tree.root(), tree.consistencyProof(5))).toBe(true);
    });

    it('refuses sizes beyond its leaves, and subtrees not complete yet', () => {
      const tree = ctTree();
      expect(() => tree.rootAt(9)).toThrow(RangeError);
      expect(() => tree.inclusionProof(0, 9)).toThrow(RangeError);
      expect(() => tree.consistencyProof(1, 9)).toThrow(RangeError);
      expect(() => tree.node(0, 8)).toThrow(RangeError);
      expect(() => tree.node(4, 0)).toThrow(RangeError);
    });
  });
});
