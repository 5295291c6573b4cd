import { assessMarket, type MarketStatus, type MarketStatusInput } from './market-status';
import { at, D, DAY, iso, migrating, finished, status } from './testing/market-status.fixtures';

describe('assessMarket', () => {
  describe('when planned', () => {
    const planned: MarketStatusInput = {
      ...migrating,
      phase: 'planned',
      throughputPerDay: 0,
      lastStepAt: undefined,
    };
    const now = D - 10 * DAY;

    it('has not started without a planned start, or before it', () => {
      expect(assessMarket(planned)).toMatchObject({
        status: 'not_started',
        stale: false,
        reasons: ['no planned start set'],
      });
      expect(assessMarket({ ...planned, plannedStart: iso(now + 1) })).toMatchObject({
        status: 'not_started',
        stale: false,
      });
    });

    it('is at risk, and stale, from the planned start instant on', () => {
      expect(assessMarket({ ...planned, plannedStart: iso(now) })).toMatchObject({
        status: 'at_risk',
        stale: true,
        reasons: [
          `planned start ${iso(now)} has passed and the migration has not started`,
          'stale: no step logged yet',
        ],
      });
    });
  });

  describe('when migrating', () => {
    it.each([
      [2000, 'on_track'],
      [1000, 'on_track'], // exactly the required rate
      [999.99, 'at_risk'],
      [800, 'at_risk'], // exactly 0.8 x required
      [799.99, 'off_track'],
      [0, 'off_track'],
    ])('at %p users/day against 1,000 required is %s', (throughputPerDay, expected) => {
      expect(status({ ...migrating, throughputPerDay })).toBe(expected);
    });

    it('says what it needs and what it does', () => {
      const input = { ...migrating, usersInScope: 134_000, throughputPerDay: 9_800 };
      expect(assessMarket(input)).toMatchObject({
        status: 'off_track',
        requiredRatePerDay: 12_400,
        reasons: ['needs 12,400 users/day, doing 9,800 (79% of the required rate)'],
      });
    });

    it('is on track once every user is verified, before cutover', () => {
      expect(assessMarket({ ...finished, throughputPerDay: 0 })).toMatchObject({
        status: 'on_track',
        reasons: ['all users verified; 10.0 days left to finish'],
      });
    });

    it('never improves with less throughput, nor as time passes', () => {
      const rank: Record<MarketStatus, number> = {
        off_track: 0,
        at_risk: 1,
        on_track: 2,
        not_started: 1,
        completed: 3,
        completed_late: 0,
      };
      const byThroughput = [0, 500, 799, 800, 900, 1000, 1500].map(
        (t) => rank[status({ ...migrating, throughputPerDay: t })],
      );
      expect(byThroughput).toEqual([...byThroughput].sort((a, b) => a - b));
      const byTime = [20, 15, 10, 9, 8.5, 8, 5, 1, 0].map(
        (d) => rank[status({ ...migrating, now: at(D - d * DAY) })],
      );
      expect(byTime).toEqual([...byTime].sort((a, b) => b - a));
    });
  });

  describe('when paused', () => {
    const paused: MarketStatusInput = { ...migrating, phase: 'paused' };

    it('is at risk even at the required rate, and says it is paused', () => {
      expect(assessMarket({ ...paused, throughputPerDay: 5000 })).toMatchObject({
        status: 'at_risk',
        reasons: [
          'the migration is paused',
          'needs 1,000 users/day, doing 5,000 (500% of the required rate)',
        ],
      });
      expect(status({ ...paused, verifiedUsers: 20_000 })).toBe('at_risk');
    });

    it('is off track below 0.8 x the required rate', () => {
      expect(status({ ...paused, throughputPerDay: 799 })).toBe('off_track');
    });
  });

  it('appends the stale reason to the status reasons', () => {
    expect(assessMarket({ ...migrating, lastStepAt: iso(D - 11 * DAY) })).toMatchObject({
      stale: true,
      reasons: [
        'needs 1,000 users/day, doing 1,000 (100% of the required rate)',
        'stale: no step logged for 24.0 h (expected within 24.0 h)',
      ],
    });
  });
});
