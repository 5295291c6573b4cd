import { measureMarket } from './market-measures';

const DAY = 86_400_000;
const deadline = '2014-10-31T16:00:00.000Z';
const D = Date.parse(deadline);
/** 10,000 users left, 10 days to go, 1,000 verified a day. */
const tenDaysOut = {
  usersInScope: 20_000,
  verifiedUsers: 10_000,
  deadline,
  now: new Date(D - 10 * DAY),
  throughputPerDay: 1000,
};

describe('market measures', () => {
  it('gives the remaining users, days left, required rate and the finish at the current rate', () => {
    expect(measureMarket(tenDaysOut)).toEqual({
      percentVerified: 50,
      remainingUsers: 10_000,
      daysLeft: 10,
      requiredRatePerDay: 1000,
      projectedFinish: deadline,
    });
  });

  it('rounds the percentage down to 2 decimals, so 100 means done', () => {
    const percent = (verifiedUsers: number, usersInScope: number): number =>
      measureMarket({ ...tenDaysOut, verifiedUsers, usersInScope }).percentVerified;
    expect(percent(29, 100)).toBe(29);
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(9_999_999, 10_000_000)).toBe(99.99);
    expect(percent(10_000_000, 10_000_000)).toBe(100);
    expect(percent(0, 0)).toBe(100);
  });

  it('rounds the required rate up, so it never understates what is needed', () => {
    expect(measureMarket({ ...tenDaysOut, now: new Date(D - 3 * DAY) }).requiredRatePerDay).toBe(3333.34);
  });

  it('has no required rate when nothing remains or no time is left', () => {
    expect(measureMarket({ ...tenDaysOut, verifiedUsers: 20_000 })).toMatchObject({
      remainingUsers: 0,
      requiredRatePerDay: null,
      projectedFinish: null,
    });
    expect(measureMarket({ ...tenDaysOut, now: new Date(D) })).toMatchObject({
      daysLeft: 0,
      requiredRatePerDay: null,
    });
    expect(measureMarket({ ...tenDaysOut, now: new Date(D + DAY / 2) }).daysLeft).toBe(-0.5);
  });

  it('projects no finish without throughput, or beyond the dates a Date can hold', () => {
    expect(measureMarket({ ...tenDaysOut, throughputPerDay: 0 }).projectedFinish).toBeNull();
    expect(measureMarket({ ...tenDaysOut, throughputPerDay: 1e-9 }).projectedFinish).toBeNull();
  });

  it('refuses numbers and instants it cannot use', () => {
    expect(() => measureMarket({ ...tenDaysOut, usersInScope: -1 })).toThrow(RangeError);
    expect(() => measureMarket({ ...tenDaysOut, verifiedUsers: Infinity })).toThrow(RangeError);
    expect(() => measureMarket({ ...tenDaysOut, throughputPerDay: Number.NaN })).toThrow(RangeError);
    expect(() => measureMarket({ ...tenDaysOut, deadline: 'end of October' })).toThrow(RangeError);
    expect(() => measureMarket({ ...tenDaysOut, now: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
