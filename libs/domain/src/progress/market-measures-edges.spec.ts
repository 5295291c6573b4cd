import { measureMarket } from './market-measures';

const deadline = '2014-10-31T16:00:00.000Z';
const market = {
  usersInScope: 20_000,
  verifiedUsers: 10_000,
  deadline,
  now: new Date(Date.parse(deadline) - 10 * 86_400_000),
  throughputPerDay: 1000,
};

describe('market measures at their edges', () => {
  describe('when a figure cannot be used', () => {
    it('says which figure and what it was', () => {
      expect(() => measureMarket({ ...market, usersInScope: -1 })).toThrow(
        new RangeError('Users in scope must be a number >= 0, got -1'),
      );
      expect(() => measureMarket({ ...market, verifiedUsers: Infinity })).toThrow(
        new RangeError('Verified users must be a number >= 0, got Infinity'),
      );
      expect(() => measureMarket({ ...market, throughputPerDay: Number.NaN })).toThrow(
        new RangeError('Throughput per day must be a number >= 0, got NaN'),
      );
    });
  });

  describe('when the finish falls on the last instant a Date can hold', () => {
    it('still projects it', () => {
      // 100,000,000 users at 1 a day from the epoch: 8.64e15 ms, the largest time value.
      const finish = measureMarket({
        ...market,
        usersInScope: 100_000_000,
        verifiedUsers: 0,
        now: new Date(0),
        throughputPerDay: 1,
      }).projectedFinish;
      expect(finish).toBe('+275760-09-13T00:00:00.000Z');
    });
  });
});
