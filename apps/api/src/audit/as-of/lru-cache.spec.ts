import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('keeps what it was given, up to its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([1, 2, 2]);
  });

  it('forgets the least recently used entry first', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a'); // a is now more recent than b
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('replaces the value of a key set again, without counting it twice', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    cache.set('b', 3);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([2, 3, 2]);
  });

  it('keeps falsy values such as null and 0', () => {
    const cache = new LruCache<string, number | null>(2);
    cache.set('none', null);
    cache.set('zero', 0);
    expect([cache.get('none'), cache.get('zero')]).toEqual([null, 0]);
  });

  describe('with weights', () => {
    const weighed = () => new LruCache<string, { kb: number }>(10, (value) => value.kb / 10);

    it('counts its capacity in weight, forgetting as many old entries as a heavy one needs', () => {
      const cache = weighed();
      for (const key of ['a', 'b', 'c', 'd']) cache.set(key, { kb: 20 });
      cache.set('big', { kb: 50 });
      // 4 x 2 + 5 = 13 > 10: the two oldest go.
      expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
      expect([cache.get('c'), cache.get('d'), cache.get('big')]).toEqual([
        { kb: 20 },
        { kb: 20 },
        { kb: 50 },
      ]);
      expect(cache.weight).toBe(9);
    });

    it('does not keep a value heavier than its whole capacity', () => {
      const cache = weighed();
      cache.set('a', { kb: 10 });
      cache.set('huge', { kb: 200 });
      expect([cache.get('a'), cache.get('huge')]).toEqual([{ kb: 10 }, undefined]);
    });
  });

  it('keeps nothing with capacity 0 (caching off)', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0]);
  });
});
