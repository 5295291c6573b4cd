import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash';
import { half, isOdd, isPowerOfTwo, isTreeSize, largestPowerOfTwoBelow, levelOf } from './tree-math';

/** Where proofs read hashes from: the complete aligned subtree at (level, index); level 0 = a leaf hash. */
export interface SubtreeSource {
  node(level: number, index: number): Buffer;
}

/**
 * MTH of leaves [start, end), by the RFC 9162 recursion. A range that is one complete aligned subtree is a
 * single lookup; the ranges proofs ask for (a subtree's right part) are O(log n) of them.
 */
export function subtreeRoot(source: SubtreeSource, start: number, end: number): Buffer {
  if (!isTreeSize(start) || !isTreeSize(end) || start >= end) {
    throw new RangeError(`[${start}, ${end}) is not a non-empty range of leaves`);
  }
  const width = end - start;
  if (isPowerOfTwo(width) && start % width === 0) return source.node(levelOf(width), start / width);
  const k = largestPowerOfTwoBelow(width);
  return nodeHash(subtreeRoot(source, start, start + k), subtreeRoot(source, start + k, end));
}

/** MTH of the first `treeSize` leaves. */
export function rootAt(source: SubtreeSource, treeSize: number): Buffer {
  if (!isTreeSize(treeSize)) {
    throw new RangeError(`a tree size is a safe non-negative integer, not ${treeSize}`);
  }
  return treeSize === 0 ? Buffer.from(EMPTY_ROOT) : subtreeRoot(source, 0, treeSize);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), bottom-up. */
export function inclusionProof(source: SubtreeSource, leafIndex: number, treeSize: number): Buffer[] {
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize) || leafIndex >= treeSize) {
    throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
  }
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const split = lo + largestPowerOfTwoBelow(hi - lo);
    if (leafIndex < split) {
      topDown.push(subtreeRoot(source, split, hi));
      hi = split;
    } else {
      topDown.push(subtreeRoot(source, lo, split));
      lo = split;
    }
  }
  return topDown.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), bottom-up; [] when from === to. */
export function consistencyProof(source: SubtreeSource, from: number, to: number): Buffer[] {
  if (!isTreeSize(from) || !isTreeSize(to) || from < 1 || from > to) {
    throw new RangeError(`no consistency proof from size ${from} to size ${to}`);
  }
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = to;
  // b of SUBPROOF: true while the old tree is a prefix of [lo, hi) starting at 0, whose root the verifier has.
  let wholeOldTreeKnown = true;
  while (from < hi) {
    const split = lo + largestPowerOfTwoBelow(hi - lo);
    if (from <= split) {
      topDown.push(subtreeRoot(source, split, hi));
      hi = split;
    } else {
      topDown.push(subtreeRoot(source, lo, split));
      lo = split;
      wholeOldTreeKnown = false;
    }
  }
  if (!wholeOldTreeKnown) topDown.push(subtreeRoot(source, lo, hi));
  return topDown.reverse();
}

function isHash(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === HASH_SIZE;
}

function isProof(proof: unknown): proof is readonly Buffer[] {
  return Array.isArray(proof) && proof.every(isHash);
}

/** RFC 9162 §2.1.3.2, step by step. False for any malformed input. */
export function verifyInclusion(
  leaf: Buffer,
  leafIndex: number,
  treeSize: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leaf) || !isHash(root) || !isProof(proof)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2, step by step, plus from === to (empty proof, same root). False for any malformed input. */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Buffer,
  toRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!isTreeSize(from) || !isTreeSize(to) || from > to) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !isProof(proof)) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (from === 0 || proof.length === 0) return false;
  // A power-of-two old tree is a complete subtree of the new one: its root is the proof's implied first node.
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(fromRoot) && sr.equals(toRoot) && sn === 0;
}
