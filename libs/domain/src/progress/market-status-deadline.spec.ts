import { assessMarket, type MarketStatusInput } from './market-status';
import { at, D, DAY, deadline, iso, migrating, finished, status } from './testing/market-status.fixtures';

describe('assessMarket against the deadline', () => {
  describe('when completed', () => {
    const done: MarketStatusInput = { ...finished, phase: 'completed', now: at(D + 30 * DAY) };

    it('is completed when it completed at the deadline instant, and late 1 ms after', () => {
      expect(status({ ...done, completedAt: deadline })).toBe('completed');
      expect(status({ ...done, completedAt: iso(D + 1) })).toBe('completed_late');
    });

    it('explains when it completed against the deadline', () => {
      expect(assessMarket({ ...done, completedAt: iso(D + 1.5 * DAY) }).reasons).toEqual([
        `completed 2014-11-02T04:00:00.000Z, 1.5 days after the deadline ${deadline}`,
      ]);
    });

    it('without a completion time, judges the completion at now', () => {
      expect(status({ ...done, now: at(D) })).toBe('completed');
      expect(status({ ...done, now: at(D + 1) })).toBe('completed_late');
    });

    it('is never stale and has nothing left to project', () => {
      expect(assessMarket({ ...done, completedAt: deadline, lastStepAt: iso(D - 90 * DAY) })).toMatchObject({
        stale: false,
        percentVerified: 100,
        remainingUsers: 0,
        requiredRatePerDay: null,
        projectedFinish: null,
      });
    });
  });

  describe('at the deadline', () => {
    it('is off track 1 ms after it without completion, even with every user verified', () => {
      const cutOver: MarketStatusInput = { ...finished, phase: 'cut_over' };
      expect(status({ ...cutOver, now: at(D - 1) })).toBe('on_track');
      expect(status({ ...cutOver, now: at(D) })).toBe('on_track');
      expect(assessMarket({ ...cutOver, now: at(D + 1) })).toMatchObject({
        status: 'off_track',
        daysLeft: 0,
      });
    });

    it('is off track at the deadline instant with users unverified, when no time is left', () => {
      expect(
        assessMarket({ ...migrating, now: at(D), lastStepAt: deadline, throughputPerDay: 1e9 }),
      ).toMatchObject({
        status: 'off_track',
        requiredRatePerDay: null,
        reasons: [`deadline ${deadline} reached with 10,000 users unverified`],
      });
    });

    it('is off track after it when the migration never started', () => {
      expect(status({ ...migrating, phase: 'planned', now: at(D + 1) })).toBe('off_track');
    });
  });
});
