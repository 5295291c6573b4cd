import { dailyHistory, trailingThroughput, type DailySteps } from './throughput';

const verifiedPerDay = (history: { days: readonly { verifiedUsers: number }[] }): number[] =>
  history.days.map((day) => day.verifiedUsers);

describe('daily history', () => {
  describe('when the migration started days ago', () => {
    const series: DailySteps[] = [
      { day: '2014-03-03', verifiedUsers: 500, copiedUsers: 800 },
      { day: '2014-03-05', verifiedUsers: 700 },
      { day: '2014-03-07', verifiedUsers: 900, copiedUsers: 1000 },
    ];

    it('fills the days without steps with zeros, from the start day to yesterday', () => {
      const history = dailyHistory({ series, startDay: '2014-03-02', today: '2014-03-07' });
      expect(history.partial).toBe(false);
      expect(history.days).toEqual([
        { day: '2014-03-02', verifiedUsers: 0, copiedUsers: 0 },
        { day: '2014-03-03', verifiedUsers: 500, copiedUsers: 800 },
        { day: '2014-03-04', verifiedUsers: 0, copiedUsers: 0 },
        { day: '2014-03-05', verifiedUsers: 700, copiedUsers: 0 },
        { day: '2014-03-06', verifiedUsers: 0, copiedUsers: 0 },
      ]);
    });

    it('leaves out today, still in progress, and days in the future', () => {
      const withFuture = [...series, { day: '2014-03-09', verifiedUsers: 5 }];
      const history = dailyHistory({ series: withFuture, startDay: '2014-03-03', today: '2014-03-07' });
      expect(history.days.at(-1)?.day).toBe('2014-03-06');
      expect(verifiedPerDay(history)).toEqual([500, 0, 700, 0]);
    });

    it('adds up several entries for one day', () => {
      const history = dailyHistory({
        series: [
          { day: '2014-03-03', verifiedUsers: 500 },
          { day: '2014-03-03', verifiedUsers: 250, copiedUsers: 10 },
        ],
        startDay: '2014-03-03',
        today: '2014-03-04',
      });
      expect(history.days).toEqual([{ day: '2014-03-03', verifiedUsers: 750, copiedUsers: 10 }]);
    });

    it('starts at a step dated before the start day, so no verified user is lost', () => {
      const history = dailyHistory({ series, startDay: '2014-03-04', today: '2014-03-06' });
      expect(history.days[0].day).toBe('2014-03-03');
      expect(verifiedPerDay(history)).toEqual([500, 0, 700]);
    });

    it('refuses a negative count', () => {
      expect(() =>
        dailyHistory({
          series: [{ day: '2014-03-03', verifiedUsers: -1 }],
          startDay: '2014-03-03',
          today: '2014-03-04',
        }),
      ).toThrow(new RangeError('Verified users on 2014-03-03 must be >= 0, got -1'));
      expect(() =>
        dailyHistory({
          series: [{ day: '2014-03-03', verifiedUsers: 0, copiedUsers: -2 }],
          startDay: '2014-03-03',
          today: '2014-03-04',
        }),
      ).toThrow(new RangeError('Copied users on 2014-03-03 must be >= 0, got -2'));
    });
  });

  describe('when the migration started today', () => {
    it('falls back to today alone, flagged partial', () => {
      const history = dailyHistory({
        series: [{ day: '2014-03-07', verifiedUsers: 300 }],
        startDay: '2014-03-07',
        today: '2014-03-07',
      });
      expect(history).toEqual({
        days: [{ day: '2014-03-07', verifiedUsers: 300, copiedUsers: 0 }],
        partial: true,
      });
    });
  });

  describe('when the migration starts in the future', () => {
    it('has no days', () => {
      expect(dailyHistory({ series: [], startDay: '2014-03-08', today: '2014-03-07' })).toEqual({
        days: [],
        partial: false,
      });
    });
  });
});

describe('throughput', () => {
  const history = dailyHistory({
    series: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({
      day: `2014-03-${String(n).padStart(2, '0')}`,
      verifiedUsers: n * 100,
      copiedUsers: n * 200,
    })),
    startDay: '2014-03-01',
    today: '2014-03-11',
  });

  it('averages the trailing 7 complete days by default', () => {
    expect(trailingThroughput(history)).toEqual({
      verifiedPerDay: 700, // (400 + ... + 1000) / 7
      copiedPerDay: 1400,
      days: 7,
      fromDay: '2014-03-04',
      toDay: '2014-03-10',
      partial: false,
    });
  });

  it('averages since the start when the history is shorter than the window', () => {
    expect(trailingThroughput(history, 30)).toMatchObject({
      verifiedPerDay: 550,
      days: 10,
      fromDay: '2014-03-01',
    });
  });

  it('counts idle days as zeros', () => {
    const idle = dailyHistory({
      series: [{ day: '2014-03-01', verifiedUsers: 700 }],
      startDay: '2014-03-01',
      today: '2014-03-08',
    });
    expect(trailingThroughput(idle).verifiedPerDay).toBe(100);
  });

  it('uses the partial day of a migration that started today as it stands', () => {
    const today = dailyHistory({
      series: [{ day: '2014-03-07', verifiedUsers: 300 }],
      startDay: '2014-03-07',
      today: '2014-03-07',
    });
    expect(trailingThroughput(today)).toMatchObject({ verifiedPerDay: 300, days: 1, partial: true });
  });

  it('is zero without any history', () => {
    expect(trailingThroughput({ days: [], partial: false })).toEqual({
      verifiedPerDay: 0,
      copiedPerDay: 0,
      days: 0,
      fromDay: null,
      toDay: null,
      partial: false,
    });
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => trailingThroughput(history, 0)).toThrow(
      new RangeError('The throughput window must be a whole number of days >= 1, got 0'),
    );
    expect(() => trailingThroughput(history, 1)).not.toThrow();
    expect(() => trailingThroughput(history, 2.5)).toThrow(RangeError);
  });
});
