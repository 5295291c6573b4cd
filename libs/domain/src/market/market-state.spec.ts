import { fold } from '../shared/decider';
import { marketDecider } from './market.decider';
import type { MarketState } from './market.state';
import { copied, enrolled, failed, paused, ref, resumed, started, verified } from './testing/market.fixtures';

const batch = (state: MarketState, batchId: string) =>
  state.phase === 'not_enrolled' ? undefined : state.batches.get(batchId);

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
      const failedOnce = fold(marketDecider, history);
      expect(failedOnce).toMatchObject({ copiedUsers: 0, failedBatches: 1 });
      expect(batch(failedOnce, 'b1')).toEqual({ status: 'failed', users: 300, attempts: 1 });
      const retried = fold(marketDecider, [...history, copied('b1', 280, 2)]);
      expect(retried).toMatchObject({ copiedUsers: 280, failedBatches: 0 });
      expect(batch(retried, 'b1')).toEqual({ status: 'copied', users: 280, attempts: 2 });
    });

    // No rule reads a batch's bytes (the events and the read models carry them), so the state does not keep
    // them: it is what the writer holds in memory for every cached market.
    it('keeps status, users and attempts of a batch whose copy reported bytes', () => {
      const withBytes = {
        type: 'BatchCopied' as const,
        data: { ...ref, batchId: 'b1', users: 5, bytes: 99, attempt: 1 },
      };
      const state = fold(marketDecider, [enrolled(1000), started, withBytes, verified('b1', 5)]);
      expect(batch(state, 'b1')).toEqual({ status: 'verified', users: 5, attempts: 1 });
    });
  });

  describe('when paused and resumed', () => {
    it('returns to migrating with its counts intact', () => {
      const state = fold(marketDecider, [enrolled(1000), started, copied('b1', 300), paused, resumed]);
      expect(state).toMatchObject({ phase: 'migrating', copiedUsers: 300 });
    });
  });
});
