import { assessMarket, type MarketStatusInput } from './market-status';
import { at, D, DAY, deadline, finished, iso, migrating } from './testing/market-status.fixtures';

/** The reasons are what the dashboard and the notifications show people: each status says why, exactly. */
describe('assessMarket, why', () => {
  describe('when completed', () => {
    const done: MarketStatusInput = { ...finished, phase: 'completed', now: at(D + 30 * DAY) };

    it('says when it completed, by the deadline', () => {
      expect(assessMarket({ ...done, completedAt: iso(D - 2 * DAY) }).reasons).toEqual([
        `completed 2014-10-29T16:00:00.000Z, by the deadline ${deadline}`,
      ]);
    });

    it('says the completion was judged at now when its time was not given', () => {
      expect(assessMarket({ ...done, now: at(D - DAY) }).reasons).toEqual([
        `completion time not given, judged at 2014-10-30T16:00:00.000Z, by the deadline ${deadline}`,
      ]);
    });
  });

  describe('after the deadline, not completed', () => {
    it('says how long ago it passed, the phase, and the users still unverified', () => {
      expect(assessMarket({ ...migrating, now: at(D + 2 * DAY) }).reasons[0]).toBe(
        `deadline ${deadline} passed 2.0 days ago without completion (phase migrating, 10,000 users unverified)`,
      );
    });

    it('names no unverified users when every user is verified', () => {
      const cutOver: MarketStatusInput = { ...finished, phase: 'cut_over', now: at(D + 0.5 * DAY) };
      expect(assessMarket(cutOver).reasons[0]).toBe(
        `deadline ${deadline} passed 0.5 days ago without completion (phase cut over)`,
      );
    });
  });

  describe('when planned', () => {
    it('says when it is planned to start', () => {
      const planned: MarketStatusInput = {
        ...migrating,
        phase: 'planned',
        throughputPerDay: 0,
        plannedStart: iso(D - 5 * DAY),
        now: at(D - 10 * DAY),
        lastStepAt: undefined,
      };
      expect(assessMarket(planned).reasons).toEqual(['planned to start 2014-10-26T16:00:00.000Z']);
    });
  });

  describe('when migrating', () => {
    it('counts users per day in whole users', () => {
      // 10,000 users in 3 days: 3,333.33... a day, shown as 3,333.
      const input = {
        ...migrating,
        now: at(D - 3 * DAY),
        throughputPerDay: 2_500.4,
        lastStepAt: iso(D - 3 * DAY),
      };
      expect(assessMarket(input).reasons).toEqual([
        'needs 3,333 users/day, doing 2,500 (75% of the required rate)',
      ]);
    });
  });
});
