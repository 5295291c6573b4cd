import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { leafHash, nodeHash } from './merkle-hash';
import {
  consistencyProof,
  inclusionProof,
  rootAt,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
  type SubtreeSource,
} from './merkle-proofs';
import { MemoryMerkleTree } from './memory-merkle-tree';
import { CT_CONSISTENCY_PROOFS, CT_INCLUSION_PROOFS, CT_LEAVES, CT_ROOTS } from './testing/ct-vectors';

// ---- The reference: RFC 9162 §2.1's recursive definitions, word for word, over leaf data. Slow on purpose.
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);
/** The largest power of two smaller than n. */
const kOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function MTH(D: Buffer[]): Buffer {
  const n = D.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(LEAF, D[0]);
  const k = kOf(n);
  return sha256(NODE, MTH(D.slice(0, k)), MTH(D.slice(k)));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  const n = D.length;
  if (n === 1) return [];
  const k = kOf(n);
  return m < k
    ? [...PATH(m, D.slice(0, k)), MTH(D.slice(k))]
    : [...PATH(m - k, D.slice(k)), MTH(D.slice(0, k))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  const k = kOf(n);
  return m <= k
    ? [...SUBPROOF(m, D.slice(0, k), b), MTH(D.slice(k))]
    : [...SUBPROOF(m - k, D.slice(k), false), MTH(D.slice(0, k))];
}
const PROOF = (m: number, D: Buffer[]) => SUBPROOF(m, D, true);
// ----

const MAX = 300;
const DATA = Array.from({ length: MAX }, (_, i) => Buffer.from(`leaf ${i}`));
const tree = new MemoryMerkleTree();
for (const d of DATA) tree.append(leafHash(d));
const ROOTS = Array.from({ length: MAX + 1 }, (_, n) => MTH(DATA.slice(0, n)));
const RUNS = { seed: 42, numRuns: 200 };

const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));
function flipBit(hash: Buffer, bit: number): Buffer {
  const copy = Buffer.from(hash);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}
const otherHash = Buffer.alloc(32, 7);

const inclusionCase = fc
  .record({ size: fc.integer({ min: 1, max: MAX }), at: fc.nat(), bit: fc.nat({ max: 255 }), pick: fc.nat() })
  .map(({ size, at, bit, pick }) => ({ size, index: at % size, bit, pick }));
const consistencyCase = fc
  .record({ to: fc.integer({ min: 1, max: MAX }), at: fc.nat(), bit: fc.nat({ max: 255 }), pick: fc.nat() })
  .map(({ to, at, bit, pick }) => ({ from: 1 + (at % to), to, bit, pick }));

describe('Merkle proofs (RFC 9162 §2.1)', () => {
  describe('against the RFC reference, sizes 1 to 300', () => {
    it('computes every root as MTH does', () => {
      for (let n = 0; n <= MAX; n++) expect(rootAt(tree, n)).toEqual(ROOTS[n]);
      expect(tree.root()).toEqual(ROOTS[MAX]);
    });

    it('pins roots computed by the reference (and by a Python one-off of the same recursion)', () => {
      expect(ROOTS[5].toString('hex')).toBe(
        '341515982d650e23520dbd54d7fcf0afa1b70cc3a16a411d464dc9c1ac96c301',
      );
      expect(ROOTS[257].toString('hex')).toBe(
        '855b936aa00cb98b5114484249ad39d78a6be93623e26c01e8e487dc02184a5a',
      );
      expect(ROOTS[300].toString('hex')).toBe(
        'e7afc82d38944fc7930545328091d45823288c1f734cbdac06396713ebd4b5d5',
      );
    });

    it('produces PATH(m, D[n]) and accepts it', () => {
      fc.assert(
        fc.property(inclusionCase, ({ size, index }) => {
          const proof = inclusionProof(tree, index, size);
          expect(hex(proof)).toEqual(hex(PATH(index, DATA.slice(0, size))));
          expect(verifyInclusion(leafHash(DATA[index]), index, size, proof, ROOTS[size])).toBe(true);
        }),
        RUNS,
      );
    });

    it('refuses an inclusion proof with a flipped bit anywhere, or another leaf or root', () => {
      fc.assert(
        fc.property(inclusionCase, ({ size, index, bit, pick }) => {
          const leaf = leafHash(DATA[index]);
          const proof = inclusionProof(tree, index, size);
          const root = ROOTS[size];
          if (proof.length > 0) {
            const tampered = [...proof];
            tampered[pick % proof.length] = flipBit(tampered[pick % proof.length], bit);
            expect(verifyInclusion(leaf, index, size, tampered, root)).toBe(false);
          }
          expect(verifyInclusion(flipBit(leaf, bit), index, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, proof, flipBit(root, bit))).toBe(false);
          expect(verifyInclusion(leafHash(DATA[(index + 1) % MAX]), index, size, proof, root)).toBe(false);
        }),
        RUNS,
      );
    });

    it('refuses an inclusion proof at another index, or for another size against that size’s root', () => {
      fc.assert(
        fc.property(inclusionCase, fc.integer({ min: 1, max: MAX }), ({ size, index, pick }, otherSize) => {
          const leaf = leafHash(DATA[index]);
          const proof = inclusionProof(tree, index, size);
          const otherIndex = (index + 1 + (pick % MAX)) % (MAX + 1);
          if (otherIndex !== index) {
            expect(verifyInclusion(leaf, otherIndex, size, proof, ROOTS[size])).toBe(false);
          }
          // The proof's length and the sides of its hashes are all a size changes: against the root of the
          // size claimed, a proof made for another size never holds.
          if (otherSize !== size) {
            expect(verifyInclusion(leaf, index, otherSize, proof, ROOTS[otherSize])).toBe(false);
          }
        }),
        RUNS,
      );
    });

    it('refuses a truncated or extended inclusion proof', () => {
      fc.assert(
        fc.property(inclusionCase, ({ size, index, pick }) => {
          const leaf = leafHash(DATA[index]);
          const proof = inclusionProof(tree, index, size);
          const root = ROOTS[size];
          const extra = [otherHash, root, leaf, ...proof][pick % (proof.length + 3)];
          expect(verifyInclusion(leaf, index, size, [...proof, extra], root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, [extra, ...proof], root)).toBe(false);
          if (proof.length > 0) {
            expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
            expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
          }
        }),
        RUNS,
      );
    });

    it('produces PROOF(m, D[n]) and accepts it', () => {
      fc.assert(
        fc.property(consistencyCase, ({ from, to }) => {
          const proof = consistencyProof(tree, from, to);
          expect(hex(proof)).toEqual(hex(PROOF(from, DATA.slice(0, to))));
          expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], proof)).toBe(true);
        }),
        RUNS,
      );
    });

    it('refuses a consistency proof with a flipped bit anywhere, or other roots', () => {
      fc.assert(
        fc.property(consistencyCase, ({ from, to, bit, pick }) => {
          const proof = consistencyProof(tree, from, to);
          if (proof.length > 0) {
            const tampered = [...proof];
            tampered[pick % proof.length] = flipBit(tampered[pick % proof.length], bit);
            expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], tampered)).toBe(false);
          }
          expect(verifyConsistency(from, to, flipBit(ROOTS[from], bit), ROOTS[to], proof)).toBe(false);
          expect(verifyConsistency(from, to, ROOTS[from], flipBit(ROOTS[to], bit), proof)).toBe(false);
          if (from < to) expect(verifyConsistency(from, to, ROOTS[to], ROOTS[from], proof)).toBe(false);
        }),
        RUNS,
      );
    });

    it('refuses a consistency proof for other sizes against those sizes’ roots', () => {
      fc.assert(
        fc.property(consistencyCase, consistencyCase, ({ from, to }, other) => {
          fc.pre(other.from !== from || other.to !== to);
          const proof = consistencyProof(tree, from, to);
          // A tree is consistent with itself whatever its size is called: only there may an empty proof pass.
          const trivial = from === to && other.from === other.to;
          expect(verifyConsistency(other.from, other.to, ROOTS[other.from], ROOTS[other.to], proof)).toBe(
            trivial,
          );
        }),
        RUNS,
      );
    });

    it('refuses a truncated or extended consistency proof', () => {
      fc.assert(
        fc.property(consistencyCase, ({ from, to, pick }) => {
          const proof = consistencyProof(tree, from, to);
          const extra = [otherHash, ROOTS[from], ROOTS[to], ...proof][pick % (proof.length + 3)];
          expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], [...proof, extra])).toBe(false);
          expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], [extra, ...proof])).toBe(false);
          if (proof.length > 0) {
            expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], proof.slice(0, -1))).toBe(false);
            expect(verifyConsistency(from, to, ROOTS[from], ROOTS[to], proof.slice(1))).toBe(false);
          }
        }),
        RUNS,
      );
    });

    it('refuses a proof longer than the claim allows, even when its hashes lead to the root given', () => {
      // Leaf 5 of a tree of 6 is not "leaf 1 of a tree of 2", though its proof [h4, MTH(D[0:4])] folds from
      // h5 to the root of 6 under both claims: only the length tells them apart (RFC 9162's sn checks).
      expect(verifyInclusion(leafHash(DATA[5]), 1, 2, inclusionProof(tree, 5, 6), ROOTS[6])).toBe(false);
      expect(verifyConsistency(3, 4, ROOTS[7], ROOTS[8], consistencyProof(tree, 7, 8))).toBe(false);
      const N = 24;
      // Lengths of the reference's PATH(m, D[n]) and PROOF(m, D[n]) (m ≥ 1), by n then m.
      const sizes = Array.from({ length: N + 1 }, (_, n) => n);
      const pathLength = sizes.map((n) => sizes.slice(0, n).map((m) => PATH(m, DATA.slice(0, n)).length));
      const proofLength = sizes.map((n) =>
        sizes.slice(0, n + 1).map((m) => (m ? PROOF(m, DATA.slice(0, n)).length : 0)),
      );
      const accepted: string[] = [];
      for (let n = 2; n <= N; n++) {
        for (let m = 0; m < n; m++) {
          const proof = inclusionProof(tree, m, n);
          for (let size = 1; size < n; size++) {
            for (let index = 0; index < size; index++) {
              if (pathLength[size][index] >= proof.length) continue;
              if (verifyInclusion(leafHash(DATA[m]), index, size, proof, ROOTS[n])) {
                accepted.push(`PATH(${m}, ${n}) as leaf ${index} of ${size}`);
              }
            }
          }
        }
        for (let from = 1; from < n; from++) {
          const proof = consistencyProof(tree, from, n);
          for (let to = 2; to < n; to++) {
            for (let m = 1; m < to; m++) {
              if (proofLength[to][m] >= proof.length) continue;
              if (verifyConsistency(m, to, ROOTS[from], ROOTS[n], proof)) {
                accepted.push(`PROOF(${from}, ${n}) as ${m} to ${to}`);
              }
            }
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('agrees with the reference on every pair up to 40 leaves', () => {
      for (let n = 1; n <= 40; n++) {
        for (let m = 0; m < n; m++)
          expect(hex(inclusionProof(tree, m, n))).toEqual(hex(PATH(m, DATA.slice(0, n))));
        for (let m = 1; m <= n; m++)
          expect(hex(consistencyProof(tree, m, n))).toEqual(hex(PROOF(m, DATA.slice(0, n))));
      }
    });
  });

  describe('on the certificate-transparency vectors (transparency-dev/merkle)', () => {
    const ct = new MemoryMerkleTree();
    CT_LEAVES.forEach((leaf) => ct.append(leafHash(leaf)));
    const root = (n: number) => Buffer.from(CT_ROOTS[n], 'hex');

    it.each(CT_INCLUSION_PROOFS)(
      'proves leaf $index in size $size as published',
      ({ index, size, proof }) => {
        expect(hex(ct.inclusionProof(index, size))).toEqual(proof);
        expect(
          verifyInclusion(
            leafHash(CT_LEAVES[index]),
            index,
            size,
            ct.inclusionProof(index, size),
            root(size),
          ),
        ).toBe(true);
      },
    );

    it.each(CT_CONSISTENCY_PROOFS)(
      'proves size $from within size $to as published',
      ({ from, to, proof }) => {
        expect(hex(ct.consistencyProof(from, to))).toEqual(proof);
        expect(verifyConsistency(from, to, root(from), root(to), ct.consistencyProof(from, to))).toBe(true);
      },
    );

    it('refuses the probes transparency-dev/merkle corrupts its vectors with', () => {
      for (const { index, size } of CT_INCLUSION_PROOFS.filter((v) => v.size > 1)) {
        const leaf = leafHash(CT_LEAVES[index]);
        const proof = ct.inclusionProof(index, size);
        const probes: [number, number, Buffer, Buffer[]][] = [
          [index - 1, size, root(size), proof],
          [index + 1, size, root(size), proof],
          [index ^ 2, size, root(size), proof],
          [index, size * 2, root(size), proof],
          [index, size >> 1, root(size), proof],
          [index, size, root(0), proof],
          [index, size, root(size), [...proof, root(size)]],
          [index, size, root(size), [root(size), ...proof]],
          [index, size, root(size), proof.slice(0, -1)],
        ];
        for (const [i, n, r, p] of probes) expect(verifyInclusion(leaf, i, n, p, r)).toBe(false);
      }
      for (const { from, to } of CT_CONSISTENCY_PROOFS.filter((v) => v.from < v.to)) {
        const proof = ct.consistencyProof(from, to);
        const probes: [number, number, Buffer, Buffer, Buffer[]][] = [
          [from - 1, to, root(from), root(to), proof],
          [from + 1, to, root(from), root(to), proof],
          [from ^ 2, to, root(from), root(to), proof],
          [from, to * 2, root(from), root(to), proof],
          [from, to >> 1, root(from), root(to), proof],
          [from, to, root(to), root(from), proof],
          [from, to, root(from), root(to), []],
          [from, to, root(from), root(to), [...proof, root(from)]],
          [from, to, root(from), root(to), [...proof, root(to)]],
          [from, to, root(from), root(to), [root(from), ...proof]],
          [from, to, root(from), root(to), [root(to), ...proof]],
          [from, to, root(from), root(to), [proof[0], ...proof]],
          [from, to, root(from), root(to), proof.slice(0, -1)],
        ];
        for (const [m, n, r1, r2, p] of probes) expect(verifyConsistency(m, n, r1, r2, p)).toBe(false);
      }
    });
  });

  describe('edge cases', () => {
    const leaf0 = leafHash(DATA[0]);

    it('proves the only leaf of a tree of one with an empty path, its hash being the root', () => {
      expect(inclusionProof(tree, 0, 1)).toEqual([]);
      expect(verifyInclusion(leaf0, 0, 1, [], leaf0)).toBe(true);
      expect(verifyInclusion(leaf0, 0, 1, [otherHash], leaf0)).toBe(false);
    });

    it('needs no old root in the proof when the old size is a power of two', () => {
      for (const from of [1, 2, 4, 8, 16, 32, 64, 128, 256]) {
        const proof = consistencyProof(tree, from, MAX);
        expect(proof.some((h) => h.equals(ROOTS[from]))).toBe(false);
        expect(verifyConsistency(from, MAX, ROOTS[from], ROOTS[MAX], proof)).toBe(true);
      }
    });

    it('proves a tree consistent with itself by an empty proof, and only with the same root', () => {
      expect(consistencyProof(tree, 7, 7)).toEqual([]);
      expect(verifyConsistency(7, 7, ROOTS[7], ROOTS[7], [])).toBe(true);
      expect(verifyConsistency(7, 7, ROOTS[7], ROOTS[6], [])).toBe(false);
      expect(verifyConsistency(7, 7, ROOTS[7], ROOTS[7], [ROOTS[7]])).toBe(false);
    });

    it('refuses to prove what has no proof', () => {
      expect(() => inclusionProof(tree, 5, 5)).toThrow(RangeError);
      expect(() => inclusionProof(tree, -1, 5)).toThrow(RangeError);
      expect(() => inclusionProof(tree, 0, 0)).toThrow(RangeError);
      expect(() => consistencyProof(tree, 0, 5)).toThrow(RangeError);
      expect(() => consistencyProof(tree, 6, 5)).toThrow(RangeError);
      expect(() => consistencyProof(tree, 1.5, 5)).toThrow(RangeError);
    });

    it('answers false, never throws, for inputs that are not a proof', () => {
      const bad: unknown[] = [NaN, -1, 1.5, Infinity, 2 ** 53, '1', undefined];
      for (const n of bad) {
        expect(verifyInclusion(leaf0, n as number, 10, [], ROOTS[10])).toBe(false);
        expect(verifyInclusion(leaf0, 0, n as number, [], ROOTS[10])).toBe(false);
        expect(verifyConsistency(n as number, 10, ROOTS[1], ROOTS[10], [])).toBe(false);
        expect(verifyConsistency(1, n as number, ROOTS[1], ROOTS[10], [])).toBe(false);
      }
      const proof = inclusionProof(tree, 0, 10);
      expect(verifyInclusion(leaf0.subarray(1), 0, 10, proof, ROOTS[10])).toBe(false);
      expect(verifyInclusion(leaf0, 0, 10, [...proof.slice(0, -1), Buffer.alloc(0)], ROOTS[10])).toBe(false);
      expect(verifyInclusion(leaf0, 0, 10, null as unknown as Buffer[], ROOTS[10])).toBe(false);
      expect(verifyInclusion(leaf0, 0, 10, proof, 'root' as unknown as Buffer)).toBe(false);
      expect(verifyConsistency(1, 10, ROOTS[1], ROOTS[10], [{} as Buffer])).toBe(false);
      expect(verifyConsistency(0, 10, ROOTS[0], ROOTS[10], [])).toBe(false);
      expect(verifyConsistency(10, 9, ROOTS[10], ROOTS[9], [])).toBe(false);
    });

    it('computes the root of any range of leaves, aligned or not', () => {
      for (const [start, end] of [
        [0, 1],
        [1, 3],
        [3, 300],
        [64, 96],
        [5, 6],
        [17, 250],
      ]) {
        expect(subtreeRoot(tree, start, end)).toEqual(MTH(DATA.slice(start, end)));
      }
      expect(() => subtreeRoot(tree, 3, 3)).toThrow(RangeError);
    });
  });

  describe('on trees of a million leaves and more', () => {
    /**
     * A consistent tree of any size without storing it: every leaf is the same but one, at `odd`; a node's
     * hash depends only on its level unless it covers that leaf. Lookups are counted.
     */
    function sparseTree(odd: number) {
      const same = [leafHash(Buffer.from('same'))];
      for (let level = 1; level <= 53; level++) same.push(nodeHash(same[level - 1], same[level - 1]));
      const source = {
        lookups: 0,
        node(level: number, index: number): Buffer {
          this.lookups++;
          return hashAt(level, index);
        },
      };
      function hashAt(level: number, index: number): Buffer {
        const width = 2 ** level;
        if (odd < index * width || odd >= (index + 1) * width) return same[level];
        if (level === 0) return leafHash(Buffer.from('odd'));
        return nodeHash(hashAt(level - 1, index * 2), hashAt(level - 1, index * 2 + 1));
      }
      return { source, leaf: leafHash(Buffer.from('odd')), other: same[0] };
    }

    it.each([
      [999_983, 1_000_000],
      [123_456, 1_000_000],
      [2 ** 32 + 7, 2 ** 40 + 2 ** 33 + 3],
      [2 ** 52 + 1, 2 ** 53 - 1],
    ])('proves leaf %d of %d in O(log² n) lookups, and the proof holds only for it', (index, size) => {
      const { source, leaf, other } = sparseTree(index);
      const root = rootAt(source, size);
      source.lookups = 0;
      const proof = inclusionProof(source, index, size);
      const log = Math.ceil(Math.log2(size));
      expect(source.lookups).toBeLessThanOrEqual(log * log);
      expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
      expect(verifyInclusion(other, index, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaf, index - 1, size, proof, root)).toBe(false);

      const from = index + 1;
      source.lookups = 0;
      const consistency = consistencyProof(source, from, size);
      expect(source.lookups).toBeLessThanOrEqual(log * log);
      expect(verifyConsistency(from, size, rootAt(source, from), root, consistency)).toBe(true);
      expect(verifyConsistency(from - 1, size, rootAt(source, from), root, consistency)).toBe(false);
    });

    it('makes a proof over a million leaves from an in-memory source in well under a millisecond', () => {
      const nodes = new Map<string, Buffer>();
      const source: SubtreeSource = {
        node: (level, index) => nodes.get(`${level}:${index}`) ?? Buffer.alloc(32, level),
      };
      const started = process.hrtime.bigint();
      for (let i = 0; i < 1000; i++) {
        inclusionProof(source, (i * 7919) % 1_000_000, 1_000_000);
        consistencyProof(source, 1 + ((i * 104_729) % 999_999), 1_000_000);
      }
      const perProofMs = Number(process.hrtime.bigint() - started) / 1e6 / 2000;
      expect(perProofMs).toBeLessThan(1);
    });
  });
});
