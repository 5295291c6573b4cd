import { fold, marketDecider, type MarketEvent } from '@app/domain';
import { ENTRY_BYTES, snapshotBytes, StreamStateCache, type StreamSnapshot } from './stream-state.cache';

/** A snapshot whose state says what it weighs, for a cache that weighs by `state.bytes`. */
const weighing = (bytes: number, revision = 0n): StreamSnapshot<{ bytes: number }> => ({
  revision,
  position: revision,
  state: { bytes },
  headHash: 'h',
});
const byStateBytes = (snapshot: StreamSnapshot<unknown>) => (snapshot.state as { bytes: number }).bytes;
const kept = (cache: StreamStateCache, ids: string[]) => ids.filter((id) => cache.get(id) !== undefined);

describe('StreamStateCache', () => {
  describe('when the entries outgrow the budget', () => {
    it('drops entries until the total weight is within the budget, counting each', () => {
      const cache = new StreamStateCache(100, byStateBytes);
      cache.set('a', weighing(40));
      cache.set('b', weighing(40));
      expect([cache.bytes, cache.size, cache.evictions]).toEqual([80, 2, 0]);
      cache.set('c', weighing(70));
      expect([cache.bytes, cache.size, cache.evictions]).toEqual([70, 1, 2]);
      expect(kept(cache, ['a', 'b', 'c'])).toEqual(['c']);
    });

    it('drops the least recently used first: a read counts as a use', () => {
      const cache = new StreamStateCache(100, byStateBytes);
      cache.set('a', weighing(30));
      cache.set('b', weighing(30));
      cache.set('c', weighing(30));
      cache.get('a');
      cache.set('d', weighing(30));
      expect(kept(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    });

    it('keeps no entry heavier than the whole budget, and keeps nothing with a budget of 0', () => {
      const cache = new StreamStateCache(100, byStateBytes);
      cache.set('a', weighing(30));
      cache.set('huge', weighing(101));
      expect(kept(cache, ['a', 'huge'])).toEqual([]);
      expect(cache.bytes).toBe(0);
      const none = new StreamStateCache(0);
      none.set('a', weighing(0));
      expect(none.size).toBe(0);
    });
  });

  describe('when an entry is updated', () => {
    it('weighs it again: a market that grew can push others out, one that shrank frees room', () => {
      const cache = new StreamStateCache(100, byStateBytes);
      cache.set('a', weighing(40));
      cache.set('b', weighing(40));
      cache.set('a', weighing(70, 1n));
      expect(kept(cache, ['a', 'b'])).toEqual(['a']);
      expect(cache.bytes).toBe(70);
      cache.set('a', weighing(10, 2n));
      expect([cache.bytes, cache.get('a')?.revision]).toEqual([10, 2n]);
    });

    it('forgets a deleted entry and its weight without calling it an eviction', () => {
      const cache = new StreamStateCache(100, byStateBytes);
      cache.set('a', weighing(40));
      cache.delete('a');
      cache.delete('never-there');
      expect([cache.bytes, cache.size, cache.evictions, cache.get('a')]).toEqual([0, 0, 0, undefined]);
    });
  });

  describe('weights by default', () => {
    const ref = { programId: 'p', market: 'IN' };
    const market = (batches: number): MarketEvent[] => [
      { type: 'MarketEnrolled', data: { ...ref, targetRegion: 'us-east', usersInScope: 1_000_000 } },
      { type: 'MigrationStarted', data: ref },
      ...Array.from({ length: batches }, (_, index): MarketEvent => ({
        type: 'BatchCopied',
        data: { ...ref, batchId: `IN-2014-${index}`, users: 10, attempt: 1 },
      })),
    ];
    const snapshot = (state: unknown): StreamSnapshot<unknown> => ({
      revision: 0n,
      position: 0n,
      state,
      headHash: 'h',
    });

    it('weighs a state without batches at the entry cost', () => {
      expect(snapshotBytes(snapshot({ status: 'active', name: 'p' }))).toBe(ENTRY_BYTES);
      expect(snapshotBytes(snapshot(marketDecider.initialState))).toBe(ENTRY_BYTES);
    });

    it('weighs a market by its batches: tens of bytes a batch, growing with them', () => {
      const small = snapshotBytes(snapshot(fold(marketDecider, market(10))));
      const large = snapshotBytes(snapshot(fold(marketDecider, market(4_000))));
      expect(small).toBeGreaterThan(ENTRY_BYTES);
      expect(small).toBeLessThan(ENTRY_BYTES + 2_048);
      expect((large - ENTRY_BYTES) / 4_000).toBeGreaterThan(30);
      expect((large - ENTRY_BYTES) / 4_000).toBeLessThan(120);
    });

    it('holds 256 MiB by default', () => {
      expect(new StreamStateCache().budgetBytes).toBe(256 * 1024 * 1024);
    });
  });
});
