import {
  endOfLocalDay,
  formatDays,
  formatPercent,
  formatRate,
  localDay,
  readableReason,
  staleWarning,
  stepWord,
} from './format';

describe('formatting figures for people', () => {
  it('shows percentages with up to two decimals, rates per day and days left', () => {
    expect(formatPercent(44.63)).toBe('44.63%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatRate(1852.5)).toBe('1,853/day');
    expect(formatRate(null)).toBe('—');
    expect(formatDays(122.53)).toBe('122 days');
    expect(formatDays(1.5)).toBe('1 day');
    expect(formatDays(-3.21)).toBe('3 days overdue');
    expect(formatDays(-4417.1)).toBe('4,417 days overdue');
  });

  it('finds the local day of an instant in the program time zone', () => {
    expect(localDay('2014-06-30T16:30:00Z', 'Asia/Singapore')).toBe('2014-07-01');
    expect(localDay('2014-06-30T15:59:59Z', 'Asia/Singapore')).toBe('2014-06-30');
  });

  it('finds the last instant of a local day in the program time zone', () => {
    expect(endOfLocalDay('2014-06-01', 'Asia/Singapore')).toBe('2014-06-01T15:59:59.999Z');
    expect(endOfLocalDay('2014-03-09', 'America/New_York')).toBe('2014-03-10T03:59:59.999Z');
    expect(endOfLocalDay('2014-11-02', 'America/New_York')).toBe('2014-11-03T04:59:59.999Z');
  });

  it('says the stale reason once, and step types in words', () => {
    expect(
      staleWarning(['the migration is paused', 'stale: no step logged for 30.0 h (expected within 24.0 h)']),
    ).toBe('⚠ Stale: no step logged for 30.0 h (expected within 24.0 h)');
    expect(stepWord('BatchVerified')).toBe('batch verified');
  });

  it("reads the API's reasons in the program's zone, in whole days, without a UTC ISO instant left", () => {
    const reason = readableReason(
      'deadline 2014-10-31T15:59:59.000Z passed 4417.1 days ago without completion (phase migrating)',
      'Asia/Singapore',
    );
    expect(reason).toMatch(
      /^deadline 31 Oct 2014, 23:59 (GMT\+8|SGT) passed 4,417 days ago without completion \(phase migrating\)$/,
    );
    expect(readableReason('completed 2014-09-01T02:00:00.000Z, 0.5 days after', 'Asia/Singapore')).toMatch(
      /^completed 1 Sept 2014, 10:00 (GMT\+8|SGT), 0 days after$/,
    );
    expect(readableReason('needs 12,400 users/day, doing 9,800 (79% of the required rate)', 'UTC')).toBe(
      'needs 12,400 users/day, doing 9,800 (79% of the required rate)',
    );
  });
});
