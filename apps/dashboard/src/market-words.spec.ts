import type { MarketProgress } from './api/types';
import { finishDates, marketName, statusExplanation } from './market-words';

const TZ = 'Asia/Singapore';

function market(overrides: Partial<MarketProgress> = {}): MarketProgress {
  return {
    market: 'MY',
    phase: 'migrating',
    status: 'on_track',
    reasons: ['needs 1,000 users/day, doing 2,000 (200% of the required rate)'],
    usersInScope: 1000,
    verifiedUsers: 400,
    remainingUsers: 600,
    throughputPerDay: 2000,
    milestones: { enrolledAt: '2014-01-01T00:00:00Z', completedAt: null },
    forecast: {
      p50: '2014-09-15T16:00:00.000Z',
      p85: '2014-09-20T16:00:00.000Z',
      p95: '2014-09-25T16:00:00.000Z',
      probabilityByDeadline: 1,
      trials: 10_000,
      seed: 1,
      basis: 'monte_carlo',
    },
    ...overrides,
  } as MarketProgress;
}

describe('a market in words', () => {
  it('names the markets of the reference scenario with their codes, and keeps any other code', () => {
    expect(marketName('IN')).toBe('India (IN)');
    expect(marketName('HK')).toBe('Hong Kong (HK)');
    expect(marketName('XX')).toBe('XX');
  });

  it('says a fully verified market waits for its cutover, before the reasons of the API, read in the zone', () => {
    const verified = market({
      status: 'off_track',
      verifiedUsers: 1000,
      remainingUsers: 0,
      reasons: [
        'deadline 2014-10-31T15:59:59.000Z passed 4417.1 days ago without completion (phase migrating)',
        'stale: no step logged for 30.0 h (expected within 24.0 h)',
      ],
    });
    expect(statusExplanation(verified, TZ)).toMatch(
      /^all verified; cutover pending; deadline 31 Oct 2014, 23:59 \S+ passed 4,417 days ago without completion \(phase migrating\)$/,
    );
    expect(statusExplanation(market({ phase: 'cut_over', remainingUsers: 0, reasons: [] }), TZ)).toBe(
      'cut over; source purge pending',
    );
    expect(finishDates(verified, TZ)).toEqual({
      p50: 'all verified',
      p85: 'all verified',
      p95: 'all verified',
      note: null,
    });
  });

  it('gives no finish date, and says why, when nothing was verified lately, whatever an older forecast says', () => {
    const idle = market({
      throughputPerDay: 0,
      forecast: { ...market().forecast!, p50: '2030-01-01T00:00:00Z' },
    });
    expect(finishDates(idle, TZ)).toEqual({
      p50: 'no finish date',
      p85: 'no finish date',
      p95: 'no finish date',
      note: 'no finish date: nothing verified in the last 7 days',
    });
    expect(finishDates(market({ phase: 'planned', throughputPerDay: 0 }), TZ)?.note).toBe(
      'no finish date: not started yet',
    );
  });

  it('shows the forecast dates in the zone when there is throughput, and waits for a forecast not loaded yet', () => {
    expect(finishDates(market(), TZ)).toEqual({
      p50: '16 Sept 2014',
      p85: '21 Sept 2014',
      p95: '26 Sept 2014',
      note: null,
    });
    expect(finishDates(market({ forecast: undefined }), TZ)).toBeUndefined();
  });
});
