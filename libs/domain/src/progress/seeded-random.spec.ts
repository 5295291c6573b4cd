import { hashSeed, mulberry32, sfc32 } from './seeded-random';

const take = (seed: number, count: number): number[] => {
  const random = sfc32(seed);
  return Array.from({ length: count }, () => random());
};

describe("sfc32, the forecasts' generator", () => {
  it('keeps the sequence of a seed, so stored seeds replay the same forecast', () => {
    expect(take(42, 3)).toEqual([0.6642114536371082, 0.9630267398897558, 0.262362563284114]);
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(take(7, 100)).toEqual(take(7, 100));
    expect(take(7, 100)).not.toEqual(take(8, 100));
  });

  it('stays in [0, 1) and spreads evenly over ten buckets', () => {
    const draws = take(2014, 100_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const draw of draws) buckets[Math.floor(draw * 10)]++;
    // 10,000 expected per bucket; the standard deviation is about 95, so 500 is a wide margin.
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => sfc32(1.5)).toThrow(RangeError);
  });
});

describe("mulberry32, the generated data's generator", () => {
  const draw = (seed: number, count: number): number[] => {
    const random = mulberry32(seed);
    return Array.from({ length: count }, () => random());
  };

  it('keeps the sequence of a seed, so the reference scenario and the benchmark logs stay the same', () => {
    expect(draw(2014, 3)).toEqual([0.6603110323194414, 0.8023294946178794, 0.9616614356637001]);
  });

  it('takes a seed as its unsigned 32-bit integer', () => {
    expect(draw(-1, 5)).toEqual(draw(2 ** 32 - 1, 5));
    expect(draw(7.9, 5)).toEqual(draw(7, 5));
  });

  it('stays in [0, 1)', () => {
    const draws = draw(99, 10_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });
});

describe('hashSeed', () => {
  it('is a stable unsigned 32-bit number', () => {
    expect(hashSeed('')).toBe(2872998923);
    expect(hashSeed('2014-10-01|10000|1000,0')).toBe(1528736802);
    expect(Number.isInteger(hashSeed('a')) && hashSeed('a') >= 0 && hashSeed('a') < 2 ** 32).toBe(true);
  });

  it('separates inputs that differ in one character', () => {
    expect(hashSeed('1000,0')).not.toBe(hashSeed('1000,1'));
    expect(hashSeed('10,00')).not.toBe(hashSeed('100,0'));
  });
});
