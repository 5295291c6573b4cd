import type { MarketSeries, TimelineStep } from './api/types';
import { endOfDayAsOf, namesLocalDay, resolveAsOf, seriesUpTo, stepsUpTo, viewingLabel } from './as-of';

const TZ = 'Asia/Singapore';
/** The end of 1 June 2014 in Singapore. */
const END_OF_1_JUNE = '2014-06-01T15:59:59.999Z';

function step(position: number, occurredAt: string, recordedAt: string): TimelineStep {
  return { position, market: 'HK', type: 'BatchVerified', occurredAt, recordedAt, actor: 'ops', data: {} };
}

/** Newest first by when they happened, as the timeline route answers. */
const steps = [
  step(4, '2014-06-02T08:00:00Z', '2014-06-02T08:01:00Z'),
  // Happened on 1 June, logged late on 3 June.
  step(5, '2014-06-01T08:00:00Z', '2014-06-03T02:00:00Z'),
  step(3, '2014-06-01T07:00:00Z', '2014-06-01T07:01:00Z'),
  step(2, '2014-05-31T08:00:00Z', '2014-05-31T08:01:00Z'),
  step(1, '2014-05-30T08:00:00Z', '2014-05-30T08:01:00Z'),
];

const series = {
  market: 'HK',
  timeZone: TZ,
  usersInScope: 410_000,
  deadline: '2014-10-31T23:59:59+08:00',
  days: ['2014-05-31', '2014-06-01', '2014-06-02'].map((day, i) => ({
    day,
    copiedUsers: 3000,
    verifiedUsers: 3000,
    cumulativeVerified: 3000 * (i + 1),
  })),
} as MarketSeries;

describe('choosing a past day', () => {
  it('means the last instant of that local day in the program time zone, with the chosen basis', () => {
    expect(endOfDayAsOf('2014-06-01', 'occurred', TZ)).toEqual({ asOf: END_OF_1_JUNE, basis: 'occurred' });
    expect(endOfDayAsOf('2014-06-01', 'anything else', TZ)).toEqual({
      asOf: END_OF_1_JUNE,
      basis: 'recorded',
    });
  });

  it('pins a link that names a local day to the end of that day, and leaves an instant as it is', () => {
    const day = { asOf: '2014-06-01', basis: 'occurred' as const };
    expect(namesLocalDay(day)).toBe(true);
    expect(resolveAsOf(day, TZ)).toEqual({ asOf: END_OF_1_JUNE, basis: 'occurred' });
    const instant = { asOf: '2014-06-01T00:00:00+08:00', basis: 'recorded' as const };
    expect(namesLocalDay(instant)).toBe(false);
    expect(resolveAsOf(instant, TZ)).toBe(instant);
  });

  it('says which day is shown and on which basis', () => {
    expect(viewingLabel({ asOf: END_OF_1_JUNE, basis: 'recorded' }, TZ)).toBe(
      'Viewing 1 Jun 2014 (as logged by then)',
    );
    expect(viewingLabel({ asOf: END_OF_1_JUNE, basis: 'occurred' }, TZ)).toBe(
      'Viewing 1 Jun 2014 (as happened by then)',
    );
  });
});

describe('cutting what has no as-of route to the instant shown', () => {
  it('keeps the latest steps when live', () => {
    expect(stepsUpTo(steps, null, 2).map((s) => s.position)).toEqual([4, 5]);
  });

  it('keeps the steps known by then, as logged by then: a step logged later is left out', () => {
    const known = stepsUpTo(steps, { asOf: END_OF_1_JUNE, basis: 'recorded' }, 10);
    expect(known.map((s) => s.position)).toEqual([3, 2, 1]);
  });

  it('keeps the steps that happened by then, as happened by then: a late entry counts', () => {
    const happened = stepsUpTo(steps, { asOf: END_OF_1_JUNE, basis: 'occurred' }, 2);
    expect(happened.map((s) => s.position)).toEqual([5, 3]);
  });

  it('ends the daily series on the local day shown, and leaves it whole when live', () => {
    const cut = seriesUpTo(series, { asOf: END_OF_1_JUNE, basis: 'occurred' }, TZ);
    expect(cut?.days.map((d) => [d.day, d.cumulativeVerified])).toEqual([
      ['2014-05-31', 3000],
      ['2014-06-01', 6000],
    ]);
    expect(seriesUpTo(series, null, TZ)).toBe(series);
    expect(seriesUpTo(null, { asOf: END_OF_1_JUNE, basis: 'occurred' }, TZ)).toBeNull();
  });
});
