import { CompactRange } from './compact-range';
import { leafHash } from './merkle-hash';
import { CT_LEAVES, CT_NODES } from './testing/ct-vectors';

const hex = (buffers: Buffer[]) => buffers.map((b) => b.toString('hex'));

function grow(leaves: Buffer[]) {
  const range = new CompactRange();
  const seen: { level: number; index: number; hash: string }[] = [];
  for (const leaf of leaves) {
    range.append(leafHash(leaf), (level, index, hash) =>
      seen.push({ level, index, hash: hash.toString('hex') }),
    );
  }
  return { range, seen };
}

describe('compact range', () => {
  describe('while leaves are appended', () => {
    it('hands every complete subtree to onNode once, bottom-up, with the certificate-transparency hashes', () => {
      const { seen } = grow(CT_LEAVES);
      const expected = CT_NODES.flatMap((hashes, level) =>
        hashes.map((hash, index) => ({ level, index, hash })),
      );
      expect([...seen].sort((a, b) => a.level - b.level || a.index - b.index)).toEqual(expected);
      // The 8th leaf completes three subtrees at once, reported after the leaf itself.
      expect(seen.slice(-4).map(({ level, index }) => [level, index])).toEqual([
        [0, 7],
        [1, 3],
        [2, 1],
        [3, 0],
      ]);
    });

    it('keeps one hash per set bit of the size, largest subtree first', () => {
      const range = new CompactRange();
      for (const [size, leaf] of CT_LEAVES.entries()) {
        range.append(leafHash(leaf));
        const expected = CompactRange.levelsOf(size + 1).map(({ level, index }) => CT_NODES[level][index]);
        expect(hex(range.nodes())).toEqual(expected);
      }
    });
  });

  describe('levels of an edge', () => {
    it('names the complete subtrees of a size, largest first', () => {
      expect(CompactRange.levelsOf(0)).toEqual([]);
      expect(CompactRange.levelsOf(1)).toEqual([{ level: 0, index: 0 }]);
      expect(CompactRange.levelsOf(6)).toEqual([
        { level: 2, index: 0 },
        { level: 1, index: 2 },
      ]);
      expect(CompactRange.levelsOf(7)).toEqual([
        { level: 2, index: 0 },
        { level: 1, index: 2 },
        { level: 0, index: 6 },
      ]);
    });

    it('stays exact past 2^32 leaves, where bit operators would wrap', () => {
      const size = 2 ** 40 + 2 ** 33 + 5;
      expect(CompactRange.levelsOf(size)).toEqual([
        { level: 40, index: 0 },
        { level: 33, index: 2 ** 7 },
        { level: 2, index: (2 ** 40 + 2 ** 33) / 4 },
        { level: 0, index: 2 ** 40 + 2 ** 33 + 4 },
      ]);
    });
  });

  describe('when loaded from persisted nodes', () => {
    it('grows on exactly as the range it was saved from', () => {
      const whole = grow(CT_LEAVES).range;
      for (let size = 0; size <= CT_LEAVES.length; size++) {
        const saved = grow(CT_LEAVES.slice(0, size)).range;
        const loaded = new CompactRange(size, saved.nodes());
        for (const leaf of CT_LEAVES.slice(size)) loaded.append(leafHash(leaf));
        expect(loaded.size).toBe(whole.size);
        expect(loaded.root()).toEqual(whole.root());
      }
    });

    it('refuses a node count that does not match the size, and sizes that are not tree sizes', () => {
      const node = Buffer.alloc(32);
      expect(() => new CompactRange(3, [node])).toThrow(RangeError);
      expect(() => new CompactRange(0, [node])).toThrow(RangeError);
      expect(() => new CompactRange(1, [Buffer.alloc(31)])).toThrow(RangeError);
      expect(() => new CompactRange(-1, [])).toThrow(RangeError);
      expect(() => new CompactRange(1.5, [])).toThrow(RangeError);
    });

    it('does not share its edge with the caller', () => {
      const nodes = [Buffer.alloc(32, 1)];
      const range = new CompactRange(1, nodes);
      nodes.pop();
      range.nodes().pop();
      expect(range.nodes()).toHaveLength(1);
    });
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    expect(() => new CompactRange().append(Buffer.from('short'))).toThrow(RangeError);
  });
});
