import { forecastSeed } from '@app/domain';
import type { MarketDailyRow } from '../read-models/market-daily.projection';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import { ProgressCalculator } from './progress.calculator';
import type { MarketProgressView } from './progress.views';

const HOUR = 3_600_000;

/** Singapore is UTC+8 all year: local days start at 16:00 UTC. */
const program: ProgramRow = {
  program_id: 'intl-2014',
  name: 'International 2014',
  source_region: 'cn-north',
  // 11 June 00:00 in Singapore: the last day on time is 10 June.
  deadline: '2014-06-10T16:00:00.000Z',
  time_zone: 'Asia/Singapore',
  data_categories: '["contacts"]',
  created_at: '2014-03-01T00:00:00.000Z',
  deadline_revisions: 0,
  last_position: 1,
};

/** 1 June, noon in Singapore: half of the local day is left. */
const now = new Date('2014-06-01T04:00:00.000Z');
const hoursAgo = (hours: number): string => new Date(now.getTime() - hours * HOUR).toISOString();

/** Migrating since 25 May (local), 40,000 of 50,000 verified, a step logged two hours ago. */
const row: MarketProgressRow = {
  program_id: 'intl-2014',
  market: 'IN',
  target_region: 'us-east',
  users_in_scope: 50_000,
  bytes_in_scope: 7_000_000,
  copied_users: 1_500,
  verified_users: 40_000,
  copied_bytes: 6_000_000,
  failed_batches: 2,
  failures: 3,
  retries: 1,
  batches_verified: 40,
  phase: 'migrating',
  planned_start: '2014-05-20T00:00:00.000Z',
  enrolled_at: '2014-05-01T00:00:00.000Z',
  started_at: '2014-05-25T01:00:00.000Z',
  paused_at: null,
  pause_reason: null,
  cutover_at: null,
  purged_at: null,
  completed_at: null,
  last_step_type: 'BatchVerified',
  last_step_at: hoursAgo(3),
  last_recorded_at: hoursAgo(2),
  last_position: 120,
};

const daily = (days: Record<string, number>, market = 'IN'): MarketDailyRow[] =>
  Object.entries(days).map(([day, verified]) => ({
    program_id: 'intl-2014',
    market,
    day,
    copied_users: verified,
    verified_users: verified,
    failed_batches: 0,
    steps: 1,
  }));

/** 1,000 users verified on each local day from 25 to 31 May. */
const steadyWeek = daily({
  '2014-05-25': 1000,
  '2014-05-26': 1000,
  '2014-05-27': 1000,
  '2014-05-28': 1000,
  '2014-05-29': 1000,
  '2014-05-30': 1000,
  '2014-05-31': 1000,
});

const calculator = () => new ProgressCalculator({ staleAfterMs: 24 * HOUR });
const view = (
  market: Partial<MarketProgressRow> = {},
  days = steadyWeek,
  at = now,
  withForecast = true,
): MarketProgressView => calculator().market(program, { ...row, ...market }, days, at, withForecast);

describe('ProgressCalculator', () => {
  describe('when a market migrates at a steady rate', () => {
    it('reports every figure of the README: counts, rates, finish, days left, status, milestones', () => {
      expect(view()).toEqual({
        programId: 'intl-2014',
        market: 'IN',
        targetRegion: 'us-east',
        phase: 'migrating',
        // 10,000 remaining over 9.5 days needs 1,052.63 a day; 1,000 is at least 80% of it
        status: 'at_risk',
        stale: false,
        reasons: ['needs 1,053 users/day, doing 1,000 (95% of the required rate)'],
        usersInScope: 50_000,
        bytesInScope: 7_000_000,
        copiedUsers: 1_500,
        verifiedUsers: 40_000,
        remainingUsers: 10_000,
        percentVerified: 80,
        failedBatches: 2,
        failures: 3,
        retries: 1,
        batchesVerified: 40,
        throughputPerDay: 1000,
        requiredRatePerDay: 1052.64,
        projectedFinish: '2014-06-11T04:00:00.000Z',
        daysLeft: 9.5,
        lastStep: { type: 'BatchVerified', occurredAt: hoursAgo(3), recordedAt: hoursAgo(2) },
        milestones: {
          enrolledAt: '2014-05-01T00:00:00.000Z',
          plannedStart: '2014-05-20T00:00:00.000Z',
          startedAt: '2014-05-25T01:00:00.000Z',
          pausedAt: null,
          pauseReason: null,
          cutoverAt: null,
          purgedAt: null,
          completedAt: null,
        },
        position: 120,
        forecast: {
          // half of today (500) and 1,000 a day after: 10,000 covered on 11 June, a day after the last on time
          p50: '2014-06-11',
          p85: '2014-06-11',
          p95: '2014-06-11',
          probabilityByDeadline: 0,
          trials: 10_000,
          seed: forecastSeed(Array(7).fill(1000), 10_000, '2014-06-01'),
          basis: 'monte_carlo',
        },
      });
    });

    it('finishes on time when the deadline is a local day later', () => {
      const later = { ...program, deadline: '2014-06-11T16:00:00.000Z' };
      const forecast = calculator().market(later, row, steadyWeek, now, true).forecast;
      expect(forecast).toMatchObject({ p50: '2014-06-11', p95: '2014-06-11', probabilityByDeadline: 1 });
    });

    it('counts only what is left of today: a day earlier when asked at the start of the local day', () => {
      const midnight = new Date('2014-05-31T16:00:00.000Z');
      expect(view({}, steadyWeek, midnight).forecast).toMatchObject({ p50: '2014-06-10', p95: '2014-06-10' });
    });

    it('leaves the forecast out when not asked for', () => {
      expect(view({}, steadyWeek, now, false)).not.toHaveProperty('forecast');
    });
  });

  describe('throughput', () => {
    it("averages the last 7 complete local days, zero days included, not today's nor later ones", () => {
      const days = daily({
        '2014-05-20': 9000, // before the window
        '2014-05-25': 1000,
        '2014-05-26': 2000,
        '2014-05-28': 3000,
        '2014-05-29': 1000,
        '2014-05-31': 3000,
        '2014-06-01': 5000, // today, in progress
        '2014-06-03': 7000, // dated in the future
      });
      expect(view({ started_at: '2014-05-19T20:00:00.000Z' }, days)).toMatchObject({
        throughputPerDay: 1428.57, // 10,000 / 7
        projectedFinish: '2014-06-08T04:00:00.000Z', // 10,000 / (10,000 / 7) = 7 days
      });
    });

    it('is counted from the local day the migration started', () => {
      // 15:00 UTC on 29 May is 23:00 there: the 29th is the first day of the history
      const days = daily({ '2014-05-29': 600, '2014-05-30': 600, '2014-05-31': 600 });
      expect(view({ started_at: '2014-05-29T15:00:00.000Z' }, days).throughputPerDay).toBe(600);
      // 16:00 UTC is already the 30th there; steps dated before the start still count, from their first day
      expect(view({ started_at: '2014-05-29T16:00:00.000Z' }, days).throughputPerDay).toBe(600);
      // started on the 28th (local), nothing that day: three days' work over four
      expect(view({ started_at: '2014-05-28T01:00:00.000Z' }, days).throughputPerDay).toBe(450);
    });

    it('starts at the first day with steps when the start was not logged', () => {
      const days = daily({ '2014-05-28': 700, '2014-05-30': 700, '2014-05-31': 1400 });
      expect(view({ started_at: null }, days).throughputPerDay).toBe(700);
    });

    it('counts today as it stands when the migration started today, or its start is dated later', () => {
      const days = daily({ '2014-06-01': 800 });
      expect(view({ started_at: hoursAgo(3) }, days).throughputPerDay).toBe(800);
      expect(view({ started_at: '2014-06-05T00:00:00.000Z' }, days).throughputPerDay).toBe(800);
    });

    it('rounds the reported rate to 2 decimals', () => {
      const days = daily({ '2014-05-29': 1000, '2014-05-30': 1000, '2014-05-31': 1002 });
      expect(view({ started_at: '2014-05-29T01:00:00.000Z' }, days).throughputPerDay).toBe(1000.67);
    });

    it('treats a start dated later as a start today, steps or none', () => {
      const today = view({ started_at: hoursAgo(3) }, []);
      expect(view({ started_at: '2014-06-05T00:00:00.000Z' }, [])).toEqual(
        expect.objectContaining({ throughputPerDay: 0, forecast: today.forecast }),
      );
    });
  });

  describe('without any history', () => {
    const unstarted = { phase: 'planned', started_at: null, planned_start: null } as const;

    it('has no throughput, no projected finish and no forecast while users remain', () => {
      expect(view(unstarted, [])).toMatchObject({
        status: 'not_started',
        throughputPerDay: 0,
        projectedFinish: null,
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
    });

    it('forecasts today when nothing remains', () => {
      expect(view({ ...unstarted, verified_users: 50_000 }, []).forecast).toMatchObject({
        p50: '2014-06-01',
        probabilityByDeadline: 1,
        basis: 'monte_carlo',
      });
    });
  });

  describe('staleness', () => {
    it('is measured from when the last step was recorded, not when it happened', () => {
      // a step that happened 30 hours ago, logged an hour ago: reporting is current
      expect(view({ last_step_at: hoursAgo(30), last_recorded_at: hoursAgo(1) })).toMatchObject({
        stale: false,
        reasons: ['needs 1,053 users/day, doing 1,000 (95% of the required rate)'],
      });
      // a step that happened an hour ago by the operator's clock, but last logged 30 hours ago
      expect(view({ last_step_at: hoursAgo(1), last_recorded_at: hoursAgo(30) })).toMatchObject({
        stale: true,
        reasons: [
          'needs 1,053 users/day, doing 1,000 (95% of the required rate)',
          'stale: no step logged for 30.0 h (expected within 24.0 h)',
        ],
      });
    });

    it('uses the configured interval: exactly that old is stale', () => {
      const strict = new ProgressCalculator({ staleAfterMs: 2 * HOUR });
      expect(strict.market(program, row, steadyWeek, now, false).stale).toBe(true);
      expect(
        strict.market(program, { ...row, last_recorded_at: hoursAgo(1.99) }, steadyWeek, now, false).stale,
      ).toBe(false);
    });

    it('takes the planned start into account for a planned market', () => {
      const planned = { phase: 'planned', started_at: null, last_recorded_at: hoursAgo(48) } as const;
      expect(view({ ...planned, planned_start: hoursAgo(1) }, [])).toMatchObject({
        status: 'at_risk',
        stale: true,
      });
      expect(view({ ...planned, planned_start: '2014-06-02T00:00:00.000Z' }, [])).toMatchObject({
        status: 'not_started',
        stale: false,
      });
    });
  });

  describe('when completed', () => {
    const done = {
      phase: 'completed',
      verified_users: 50_000,
      completed_at: '2014-06-05T17:00:00.000Z', // 6 June in Singapore
      last_recorded_at: hoursAgo(100),
    } as const;

    it('forecasts the local day it completed, on time', () => {
      expect(view(done)).toMatchObject({
        status: 'completed',
        stale: false,
        percentVerified: 100,
        remainingUsers: 0,
        milestones: { completedAt: '2014-06-05T17:00:00.000Z' },
        forecast: {
          p50: '2014-06-06',
          p85: '2014-06-06',
          p95: '2014-06-06',
          probabilityByDeadline: 1,
          trials: 0,
          seed: 0,
          basis: 'completed',
        },
      });
    });

    it('completing at the deadline instant is on time, after it late', () => {
      expect(view({ ...done, completed_at: program.deadline }).forecast).toMatchObject({
        p50: '2014-06-11',
        probabilityByDeadline: 1,
      });
      const late = view({ ...done, completed_at: '2014-06-10T16:00:00.001Z' });
      expect(late.status).toBe('completed_late');
      expect(late.forecast).toMatchObject({
        p50: '2014-06-11',
        probabilityByDeadline: 0,
        basis: 'completed',
      });
    });

    it('forecasts from the history when the completion time is missing', () => {
      expect(view({ ...done, completed_at: null }).forecast).toMatchObject({
        basis: 'monte_carlo',
        p50: '2014-06-01',
      });
    });
  });

  describe('forecasts of one calculator', () => {
    it('are those of their own market and state, cached or not', () => {
      const shared = calculator();
      const first = shared.market(program, row, steadyWeek, now, true).forecast;
      const other = shared.market(
        program,
        { ...row, market: 'HK', verified_users: 45_000 },
        steadyWeek,
        now,
        true,
      );
      const later = shared.market(
        program,
        { ...row, verified_users: 45_000, last_position: 121 },
        steadyWeek,
        now,
        true,
      );
      const again = shared.market(program, row, steadyWeek, now, true).forecast;
      expect(first?.p50).toBe('2014-06-11');
      expect(other.forecast?.p50).toBe('2014-06-06');
      expect(later.forecast?.p50).toBe('2014-06-06');
      expect(again).toEqual(first);
    });

    it('follow the remaining users and the time of day even at the same position', () => {
      const shared = calculator();
      expect(shared.market(program, row, steadyWeek, now, true).forecast?.p50).toBe('2014-06-11');
      expect(
        shared.market(program, { ...row, verified_users: 45_000 }, steadyWeek, now, true).forecast?.p50,
      ).toBe('2014-06-06');
      const midnight = new Date('2014-05-31T16:00:00.000Z');
      expect(shared.market(program, row, steadyWeek, midnight, true).forecast?.p50).toBe('2014-06-10');
    });
  });
});
