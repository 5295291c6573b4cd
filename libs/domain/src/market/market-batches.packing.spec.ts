import { given } from '../shared/testing/given-when-then';
import { MarketBatches } from './market-batches';
import { marketDecider } from './market.decider';
import type { MarketEvent } from './market.events';
import { copied, enrolled, fail, failed, ref, started, verified, verify } from './testing/market.fixtures';

/** The API's bound on a batch's users (MAX_USERS in the API's step DTO): 10^10, past 32 bits. */
const MAX_API_USERS = 10_000_000_000;

describe('packed market batches', () => {
  describe('when batches are recorded', () => {
    it('knows nothing of a batch never recorded', () => {
      const batches = new MarketBatches();
      expect(batches.get('b1')).toBeUndefined();
      expect(batches.size).toBe(0);
    });

    it('gives back the latest facts of each batch, updated in place', () => {
      const batches = new MarketBatches();
      batches.set('b1', { status: 'copied', users: 300, attempts: 1 });
      batches.set('b2', { status: 'copied', users: 200, attempts: 1 });
      batches.set('b1', { status: 'failed', users: 300, attempts: 1 });
      expect(batches.get('b1')).toEqual({ status: 'failed', users: 300, attempts: 1 });
      expect(batches.get('b2')).toEqual({ status: 'copied', users: 200, attempts: 1 });
      expect(batches.size).toBe(2);
    });

    it('tells ids apart when one is a prefix of another', () => {
      const batches = new MarketBatches();
      for (const [index, id] of ['b1', 'b10', 'b100', 'b', ''].entries()) {
        batches.set(id, { status: 'copied', users: index + 1, attempts: 1 });
      }
      expect(['b1', 'b10', 'b100', 'b', ''].map((id) => batches.get(id)?.users)).toEqual([1, 2, 3, 4, 5]);
      expect(batches.get('b1000')).toBeUndefined();
    });

    it('keeps ids outside Latin-1 exactly, alongside the ones stored before them', () => {
      const batches = new MarketBatches();
      batches.set('Ünïcödé', { status: 'copied', users: 1, attempts: 1 });
      batches.set('👩‍💻-7', { status: 'verified', users: 2, attempts: 3 });
      expect(batches.get('Ünïcödé')).toEqual({ status: 'copied', users: 1, attempts: 1 });
      expect(batches.get('👩‍💻-7')).toEqual({ status: 'verified', users: 2, attempts: 3 });
      expect(batches.idsWith('copied')).toEqual(['Ünïcödé']);
    });

    it('finds every batch of a large market after its arrays grew, and lists them in recorded order', () => {
      const batches = new MarketBatches();
      const ids = Array.from({ length: 10_000 }, (_, index) => `IN-2014-${(index * 7919) % 10_007}`);
      ids.forEach((id, index) =>
        batches.set(id, { status: index % 3 === 0 ? 'failed' : 'copied', users: index + 1, attempts: 1 }),
      );
      expect(ids.every((id, index) => batches.get(id)?.users === index + 1)).toBe(true);
      expect(batches.idsWith('failed')).toEqual(ids.filter((_, index) => index % 3 === 0));
      expect(batches.size).toBe(10_000);
    });

    it('writes itself as JSON like the record of batches it replaces', () => {
      const batches = new MarketBatches();
      batches.set('b2', { status: 'verified', users: 5, attempts: 2 });
      batches.set('b1', { status: 'copied', users: 7, attempts: 1 });
      expect(JSON.parse(JSON.stringify(batches))).toEqual({
        b2: { status: 'verified', users: 5, attempts: 2 },
        b1: { status: 'copied', users: 7, attempts: 1 },
      });
    });

    it('reports the bytes it holds, growing with its batches', () => {
      const batches = new MarketBatches();
      const empty = batches.byteLength;
      for (let index = 0; index < 4_000; index++) {
        batches.set(`IN-2014-${index}`, { status: 'verified', users: 100, attempts: 1 });
      }
      // 4,000 ids of about 12 characters: about 60 bytes a batch, at most twice that with the arrays' slack.
      expect(empty).toBeLessThan(1_024);
      expect(batches.byteLength).toBeGreaterThan(4_000 * 30);
      expect(batches.byteLength).toBeLessThan(4_000 * 120);
    });
  });

  describe('at the edges of the ranges', () => {
    it('holds the most users a batch may have through the API, and any safe integer, exactly', () => {
      const batches = new MarketBatches();
      batches.set('api-max', { status: 'copied', users: MAX_API_USERS, attempts: 1 });
      batches.set('safe-max', { status: 'copied', users: Number.MAX_SAFE_INTEGER, attempts: 1 });
      expect(batches.get('api-max')?.users).toBe(MAX_API_USERS);
      expect(batches.get('safe-max')?.users).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('holds any number of attempts up to the largest safe integer, exactly', () => {
      const batches = new MarketBatches();
      batches.set('b1', { status: 'failed', users: 1, attempts: Number.MAX_SAFE_INTEGER });
      batches.set('b2', { status: 'failed', users: 1, attempts: 2 ** 32 + 1 });
      expect(batches.get('b1')?.attempts).toBe(Number.MAX_SAFE_INTEGER);
      expect(batches.get('b2')?.attempts).toBe(2 ** 32 + 1);
    });

    it('verifies a batch of the most users the API allows, with its exact count', () => {
      given(marketDecider, [enrolled(MAX_API_USERS), started, copied('b1', MAX_API_USERS)])
        .when(verify('b1'))
        .then([verified('b1', MAX_API_USERS)]);
    });

    it('fails a batch on its 2^32 + 1st attempt with that attempt number', () => {
      const attempt = 2 ** 32 + 1;
      const history: MarketEvent[] = [enrolled(1000), started, copied('b1', 10, attempt)];
      given(marketDecider, history)
        .when(fail('b1'))
        .then([failed('b1', 10, attempt)]);
      given(marketDecider, [...history, failed('b1', 10, attempt)])
        .when({ type: 'RecordBatchCopied', data: { batchId: 'b1', users: 10 } })
        .then([{ type: 'BatchCopied', data: { ...ref, batchId: 'b1', users: 10, attempt: attempt + 1 } }]);
    });
  });
});
