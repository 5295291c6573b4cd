/**
 * Reproducible randomness: nothing here reads a clock or Math.random, the seed comes in. Two generators, each
 * a contract of what it produces, so neither replaces the other: forecasts draw from sfc32 (a stored seed
 * must replay the same forecast); the generated data (the reference scenario, the benchmarks' logs and
 * loads, whose figures the READMEs quote) draws from mulberry32. Do not change either sequence.
 */

/** A random number generator returning floats in [0, 1). */
export type Random = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, as in PractRand): 128 bits of state, passes
 * PractRand and BigCrush, a minimum period of 2^32 thanks to its counter, and only 32-bit integer operations,
 * which V8 runs without allocating. Seeded from one 32-bit number; the first outputs are discarded so that
 * nearby seeds do not start out alike.
 */
export function sfc32(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`A seed must be an integer, got ${seed}`);
  let a = 0x9e3779b9 | 0;
  let b = 0x243f6a88 | 0;
  let c = 0xb7e15162 | 0;
  let d = seed | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/**
 * mulberry32 (Tommy Ettinger's): 32 bits of state, fast and small; plenty for generated test and demo data,
 * not for forecasts. Any number is a seed (taken as its unsigned 32-bit integer).
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed from text: FNV-1a over the UTF-16 code units, then the MurmurHash3 finaliser so that
 * inputs differing in one character give unrelated seeds. Not for security; only for reproducibility.
 */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
