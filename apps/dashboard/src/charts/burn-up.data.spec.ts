import type { MarketProgress, MarketSeries } from '../api/types';
import { dayValue } from '../format';
import { burnUp, programSpan } from './burn-up.data';

const TZ = 'Asia/Singapore';
const DEADLINE = '2014-10-31T23:59:59+08:00';
const AS_OF = '2014-07-01T12:00:00+08:00';
const SPAN = { start: '2014-05-01', end: '2014-10-31' };
const FRAME = { asOf: AS_OF, deadline: DEADLINE, timeZone: TZ, span: SPAN };
const DAY_MS = 86_400_000;

function market(overrides: Partial<MarketProgress> = {}): MarketProgress {
  return {
    market: 'HK',
    usersInScope: 410_000,
    verifiedUsers: 183_000,
    remainingUsers: 227_000,
    percentVerified: 44.63,
    throughputPerDay: 3000,
    phase: 'migrating',
    milestones: {
      enrolledAt: '2014-02-01T09:00:00+08:00',
      plannedStart: null,
      startedAt: '2014-05-01T08:00:00+08:00',
    },
    forecast: {
      p50: '2014-09-15T16:00:00.000Z',
      p85: '2014-09-20T16:00:00.000Z',
      p95: '2014-09-25T16:00:00.000Z',
      probabilityByDeadline: 1,
      basis: 'monte_carlo',
    },
    ...overrides,
  } as MarketProgress;
}

const series = {
  days: [
    { day: '2014-05-01', copiedUsers: 3000, verifiedUsers: 3000, cumulativeVerified: 3000 },
    { day: '2014-05-02', copiedUsers: 3000, verifiedUsers: 3000, cumulativeVerified: 6000 },
  ],
} as MarketSeries;

describe('the burn-up of a market', () => {
  it('draws verified users per local day and the ideal line from the start to the scope at the deadline', () => {
    const chart = burnUp(market(), series, FRAME);
    expect(chart.verified).toEqual([
      { x: dayValue('2014-05-01'), y: 3000 },
      { x: dayValue('2014-05-02'), y: 6000 },
    ]);
    expect(chart.ideal).toEqual([
      { x: dayValue('2014-05-01'), y: 0 },
      { x: dayValue('2014-10-31'), y: 410_000 },
    ]);
    expect(chart.deadline.map((p) => p.x)).toEqual([dayValue('2014-10-31'), dayValue('2014-10-31')]);
  });

  it('spans the forecast range from today to the P50 and P95 local days', () => {
    const chart = burnUp(market(), series, FRAME);
    const today = { x: dayValue('2014-07-01'), y: 183_000 };
    // 16:00 UTC is midnight in Singapore: the next local day.
    expect(chart.forecastP50).toEqual([today, { x: dayValue('2014-09-16'), y: 410_000 }]);
    expect(chart.forecastP95).toEqual([today, { x: dayValue('2014-09-26'), y: 410_000 }]);
    expect(chart.summary).toContain('183,000 of 410,000 users verified (44.63%)');
    expect(chart.summary).toContain('16 Sept 2014 (P50) to 26 Sept 2014 (P95)');
  });

  it('draws no forecast for a market without throughput, and starts the ideal line at its planned start', () => {
    const planned = market({
      verifiedUsers: 0,
      remainingUsers: 410_000,
      percentVerified: 0,
      throughputPerDay: 0,
      phase: 'planned',
      milestones: { ...market().milestones, startedAt: null, plannedStart: '2014-08-01T00:00:00+08:00' },
      forecast: {
        p50: null,
        p85: null,
        p95: null,
        probabilityByDeadline: 0,
        trials: 0,
        seed: 0,
        basis: 'no_history',
      },
    });
    const chart = burnUp(planned, null, FRAME);
    expect(chart.forecastP50).toEqual([]);
    expect(chart.ideal[0]).toEqual({ x: dayValue('2014-08-01'), y: 0 });
    expect(chart.summary).toContain('No forecast');
  });

  it("runs the axis over the program's span, not to today, however long after the deadline it is viewed", () => {
    const years = burnUp(market(), series, { ...FRAME, asOf: '2026-01-15T12:00:00+08:00' });
    expect(years.xMin).toBeLessThanOrEqual(dayValue('2014-05-01'));
    expect(years.xMin).toBeGreaterThan(dayValue('2014-04-20'));
    expect(years.xMax).toBeGreaterThanOrEqual(dayValue('2014-10-31'));
    expect(years.xMax).toBeLessThan(dayValue('2014-11-10'));
    expect(years.crossesYear).toBe(false);
  });

  it('widens the axis for a step outside the span, and says when it crosses a year', () => {
    const late = {
      days: [
        ...series.days,
        { day: '2015-01-10', copiedUsers: 1, verifiedUsers: 1, cumulativeVerified: 6001 },
      ],
    } as MarketSeries;
    const chart = burnUp(market(), late, FRAME);
    expect(chart.xMax).toBeGreaterThanOrEqual(dayValue('2015-01-10') + DAY_MS);
    expect(chart.crossesYear).toBe(true);
  });

  it('draws no forecast line when nothing was verified lately, even with an older forecast', () => {
    const idle = burnUp(market({ throughputPerDay: 0 }), series, FRAME);
    expect(idle.forecastP50).toEqual([]);
    expect(idle.summary).toContain('No forecast');
  });
});

describe("a program's span", () => {
  const program = (markets: Partial<MarketProgress>[], deadline = DEADLINE) =>
    ({ timeZone: TZ, deadline, markets: markets.map((m) => market(m)) }) as never;

  it('runs from the earliest market start to the deadline', () => {
    const early = market().milestones;
    expect(
      programSpan(program([{}, { milestones: { ...early, startedAt: '2014-03-02T01:00:00+08:00' } }])),
    ).toEqual({ start: '2014-03-02', end: '2014-10-31' });
  });

  it('ends at the last completion when it came after the deadline', () => {
    const done = { ...market().milestones, completedAt: '2014-12-24T10:00:00+08:00' };
    expect(programSpan(program([{ milestones: done as never }]))).toEqual({
      start: '2014-05-01',
      end: '2014-12-24',
    });
  });
});
