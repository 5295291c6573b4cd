/**
 * Integer helpers for tree sizes and indexes. They use arithmetic, not bit operators: JavaScript's `&` and
 * `>>` work on 32 bits, and a log may grow past 2^32 leaves; these stay exact up to 2^53.
 */

/** RFC 9162's k: the largest power of two smaller than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && largestPowerOfTwoBelow(n + 1) === n;
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

export function half(n: number): number {
  return Math.floor(n / 2);
}

export function popcount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = half(rest)) if (isOdd(rest)) count++;
  return count;
}

/** log2 of a power of two. */
export function levelOf(powerOfTwo: number): number {
  let level = 0;
  for (let p = powerOfTwo; p > 1; p /= 2) level++;
  return level;
}

export function isTreeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
