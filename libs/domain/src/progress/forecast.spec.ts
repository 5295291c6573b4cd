import { forecastFinish, forecastSeed, type ForecastInput } from './forecast';

const D = '2014-10-01';
const steady: ForecastInput = {
  history: [1000, 1000, 1000, 1000, 1000, 1000, 1000],
  remainingUsers: 10_000,
  firstDay: D,
  deadlineDay: '2014-10-31',
};
const mixed: ForecastInput = {
  history: [0, 1200, 800, 0, 2500, 300, 1000, 0, 1800, 900, 0, 0, 1500, 700],
  remainingUsers: 40_000, // about 52 days at the mean of 764 a day
  firstDay: D,
  deadlineDay: '2014-11-22',
};

describe('forecastFinish', () => {
  describe('at a constant throughput', () => {
    it('finishes on D+9 for 10 days of work: the first day counts as a working day', () => {
      expect(forecastFinish(steady)).toMatchObject({
        p50: '2014-10-10',
        p85: '2014-10-10',
        p95: '2014-10-10',
        probabilityByDeadline: 1,
        trials: 10_000,
      });
    });

    it('needs one more day for one more user', () => {
      expect(forecastFinish({ ...steady, remainingUsers: 9_999 }).p50).toBe('2014-10-10');
      expect(forecastFinish({ ...steady, remainingUsers: 10_001 }).p50).toBe('2014-10-11');
    });

    it('counts only the share of the first day that is left when asked to', () => {
      expect(forecastFinish({ ...steady, firstDayShare: 0.5 }).p50).toBe('2014-10-11');
      expect(forecastFinish({ ...steady, remainingUsers: 9_500, firstDayShare: 0.5 }).p50).toBe('2014-10-10');
    });

    it('counts a finish on the deadline day as on time, and the day after as late', () => {
      expect(forecastFinish({ ...steady, deadlineDay: '2014-10-10' }).probabilityByDeadline).toBe(1);
      expect(forecastFinish({ ...steady, deadlineDay: '2014-10-09' }).probabilityByDeadline).toBe(0);
    });

    it('has no finish day when the work does not fit the horizon', () => {
      expect(forecastFinish({ ...steady, horizonDays: 10 }).p95).toBe('2014-10-10');
      expect(forecastFinish({ ...steady, horizonDays: 9 })).toMatchObject({
        p50: null,
        p85: null,
        p95: null,
        probabilityByDeadline: 0,
      });
    });
  });

  describe('without throughput', () => {
    it.each([[[0, 0, 0]], [[]]])('never finishes on history %p', (history) => {
      expect(forecastFinish({ ...steady, history })).toMatchObject({
        p50: null,
        p85: null,
        p95: null,
        probabilityByDeadline: 0,
      });
    });
  });

  describe('when nothing remains', () => {
    it('finishes on the first day with certainty', () => {
      expect(forecastFinish({ ...mixed, remainingUsers: 0, history: [] })).toMatchObject({
        p50: D,
        p85: D,
        p95: D,
        probabilityByDeadline: 1,
      });
    });

    it('is not on time when the deadline day is already behind', () => {
      expect(
        forecastFinish({ ...mixed, remainingUsers: 0, deadlineDay: '2014-09-30' }).probabilityByDeadline,
      ).toBe(0);
    });
  });

  describe('over a mixed history', () => {
    it('orders the percentiles and keeps the probability a share of trials', () => {
      const forecast = forecastFinish(mixed);
      expect(forecast.p50 !== null && forecast.p85 !== null && forecast.p95 !== null).toBe(true);
      expect(forecast.p50! <= forecast.p85! && forecast.p85! <= forecast.p95!).toBe(true);
      expect(forecast.p50! < forecast.p95!).toBe(true);
      expect(forecast.probabilityByDeadline).toBeGreaterThan(0);
      expect(forecast.probabilityByDeadline).toBeLessThan(1);
      const onTime = forecast.probabilityByDeadline * forecast.trials;
      expect(onTime).toBeCloseTo(Math.round(onTime), 9);
    });

    it('matches the known distribution of a coin-flip history', () => {
      // Each day finishes 1,000 users with probability 1/2: P(done by day k) = 1 - 2^-(k+1).
      const forecast = forecastFinish({
        history: [0, 1000],
        remainingUsers: 1000,
        firstDay: D,
        deadlineDay: D,
      });
      expect(forecast.probabilityByDeadline).toBeCloseTo(0.5, 1);
      expect(forecast.p85).toBe('2014-10-03'); // 0.875 >= 0.85 > 0.75
      expect(forecast.p95).toBe('2014-10-05'); // 0.96875 >= 0.95 > 0.9375
    });

    it('gives null for a percentile that too few trials reach within the horizon', () => {
      const forecast = forecastFinish({ ...steady, history: [0, 0, 0, 10_000], horizonDays: 1 });
      expect(forecast.probabilityByDeadline).toBeCloseTo(0.25, 1);
      expect(forecast.p50).toBeNull();
    });
  });

  describe('determinism', () => {
    it('gives the same answer for the same inputs, with a seed derived from them', () => {
      const first = forecastFinish(mixed);
      expect(forecastFinish({ ...mixed, history: [...mixed.history] })).toEqual(first);
      expect(first.seed).toBe(forecastSeed(mixed.history, mixed.remainingUsers, mixed.firstDay));
      expect(forecastFinish({ ...mixed, seed: first.seed })).toEqual(first);
    });

    it('derives another seed from another history, remaining count or first day', () => {
      const seed = forecastSeed(mixed.history, mixed.remainingUsers, D);
      expect(forecastSeed([...mixed.history, 0], mixed.remainingUsers, D)).not.toBe(seed);
      expect(forecastSeed(mixed.history, mixed.remainingUsers + 1, D)).not.toBe(seed);
      expect(forecastSeed(mixed.history, mixed.remainingUsers, '2014-10-02')).not.toBe(seed);
    });

    it('uses an explicit seed, which may change the sampled answer', () => {
      const one = forecastFinish({ ...mixed, seed: 1 });
      const two = forecastFinish({ ...mixed, seed: 2 });
      expect([one.seed, two.seed]).toEqual([1, 2]);
      expect(one.probabilityByDeadline).not.toBe(two.probabilityByDeadline);
    });
  });

  describe('limits', () => {
    // A sanity guard, not a timing assertion: about 3 million draws, a few tens of milliseconds here.
    it('runs 10,000 trials over 300 days of remaining work', () => {
      const forecast = forecastFinish({ ...mixed, remainingUsers: 750 * 300, deadlineDay: '2015-12-31' });
      expect(forecast.p95).not.toBeNull();
    }, 10_000);

    it('refuses inputs it cannot use', () => {
      expect(() => forecastFinish({ ...steady, trials: 0 })).toThrow(RangeError);
      expect(() => forecastFinish({ ...steady, horizonDays: 1.5 })).toThrow(RangeError);
      expect(() => forecastFinish({ ...steady, remainingUsers: -1 })).toThrow(RangeError);
      expect(() => forecastFinish({ ...steady, history: [1000, Number.NaN] })).toThrow(RangeError);
      expect(() => forecastFinish({ ...steady, firstDayShare: 0 })).toThrow(RangeError);
      expect(() => forecastFinish({ ...steady, deadlineDay: '31/10/2014' })).toThrow(RangeError);
    });
  });
});
