import { fold } from '../shared/decider';
import { marketDecider } from './market.decider';
import { copied, enrolled, failed, paused, ref, resumed, started, verified } from './testing/market.fixtures';

describe('market state', () => {
  describe('when not enrolled', () => {
    it('starts empty', () => {
      expect(marketDecider.initialState).toEqual({ phase: 'not_enrolled' });
    });

    it('ignores events that belong after an enrolment instead of inventing a market', () => {
      expect(fold(marketDecider, [started, copied('b1', 10)])).toEqual({ phase: 'not_enrolled' });
    });
  });

  describe('when batches move', () => {
    it('counts copied users until they are verified or failed', () => {
      expect(
        fold(marketDecider, [enrolled(1000), started, copied('b1', 300), copied('b2', 200)]),
      ).toMatchObject({
        phase: 'migrating',
        copiedUsers: 500,
        verifiedUsers: 0,
      });
    });

    it('moves verified users out of copied', () => {
      const state = fold(marketDecider, [enrolled(1000), started, copied('b1', 300), verified('b1', 300)]);
      expect(state).toMatchObject({ copiedUsers: 0, verifiedUsers: 300 });
    });

    it('tracks a failed batch until its retry is copied', () => {
      const history = [enrolled(1000), started, copied('b1', 300), failed('b1', 300)];
      expect(fold(marketDecider, history)).toMatchObject({
        copiedUsers: 0,
        failedBatches: 1,
        batches: { b1: { status: 'failed', users: 300, attempts: 1 } },
      });
      expect(fold(marketDecider, [...history, copied('b1', 280, 2)])).toMatchObject({
        copiedUsers: 280,
        failedBatches: 0,
        batches: { b1: { status: 'copied', users: 280, attempts: 2 } },
      });
    });

    it('keeps bytes of a batch when the copy reported them', () => {
      const withBytes = {
        type: 'BatchCopied' as const,
        data: { ...ref, batchId: 'b1', users: 5, bytes: 99, attempt: 1 },
      };
      const state = fold(marketDecider, [enrolled(1000), started, withBytes, verified('b1', 5)]);
      expect(state).toMatchObject({
        batches: { b1: { status: 'verified', users: 5, bytes: 99, attempts: 1 } },
      });
    });
  });

  describe('when paused and resumed', () => {
    it('returns to migrating with its counts intact', () => {
      const state = fold(marketDecider, [enrolled(1000), started, copied('b1', 300), paused, resumed]);
      expect(state).toMatchObject({ phase: 'migrating', copiedUsers: 300 });
    });
  });
});
