import type { MarketDailyRow } from '../read-models/market-daily.projection';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import { ProgressCalculator } from './progress.calculator';

const program: ProgramRow = {
  program_id: 'intl-2014',
  name: 'International 2014',
  source_region: 'cn-north',
  deadline: '2014-10-31T23:59:59+08:00',
  time_zone: 'Asia/Singapore',
  data_categories: '["contacts"]',
  created_at: '2014-03-01T00:00:00Z',
  deadline_revisions: 0,
  last_position: 1,
};

/** A slow market: a million users in scope, a few thousand verified on some days of May. */
const market: MarketProgressRow = {
  program_id: 'intl-2014',
  market: 'IN',
  target_region: 'us-east',
  users_in_scope: 1_000_000,
  bytes_in_scope: null,
  copied_users: 40_000,
  verified_users: 30_000,
  copied_bytes: 0,
  failed_batches: 0,
  failures: 0,
  retries: 0,
  batches_verified: 30,
  phase: 'migrating',
  planned_start: null,
  enrolled_at: '2014-04-01T00:00:00Z',
  started_at: '2014-05-01T00:00:00Z',
  paused_at: null,
  pause_reason: null,
  cutover_at: null,
  purged_at: null,
  completed_at: null,
  last_step_type: 'BatchVerified',
  last_step_at: '2014-05-30T10:00:00Z',
  last_recorded_at: '2014-05-30T10:00:00Z',
  last_position: 99,
};

const daily: MarketDailyRow[] = [3, 7, 8, 14, 15, 21, 22, 29].map((day, i) => ({
  program_id: 'intl-2014',
  market: 'IN',
  day: `2014-05-${String(day).padStart(2, '0')}`,
  copied_users: 5_000,
  verified_users: [2_000, 5_000, 3_000, 6_000, 1_000, 4_000, 5_000, 4_000][i],
  failed_batches: 0,
  steps: 2,
}));

const now = new Date('2014-06-01T12:00:00+08:00');

describe('progress with its forecasts computed in slices of trials', () => {
  it('answers what the calculator answers in one piece, pausing between slices', async () => {
    const whole = new ProgressCalculator({ staleAfterMs: 86_400_000 }).market(
      program,
      market,
      daily,
      now,
      true,
    );
    expect(whole.forecast).toMatchObject({ basis: 'monte_carlo', trials: 10_000 });
    const sliced = new ProgressCalculator({ staleAfterMs: 86_400_000 });
    let pauses = 0;
    let runs = 0;
    const view = await sliced.withForecastsInSlices(
      () => {
        runs += 1;
        return sliced.market(program, market, daily, now, true);
      },
      async () => {
        pauses += 1;
      },
      500,
    );
    expect(view).toEqual(whole);
    expect(runs).toBe(2);
    // 10,000 trials in slices of 500: a pause between slices and one after the forecast.
    expect(pauses).toBe(20);
  });

  it('runs no trials again for a forecast already cached, and answers at once', async () => {
    const calculator = new ProgressCalculator({ staleAfterMs: 86_400_000 });
    const first = calculator.market(program, market, daily, now, true);
    let pauses = 0;
    const again = await calculator.withForecastsInSlices(
      () => calculator.market(program, market, daily, now, true),
      async () => {
        pauses += 1;
      },
    );
    expect(again).toEqual(first);
    expect(pauses).toBe(0);
  });

  it('passes on what the computation throws, and computes in one piece afterwards', async () => {
    const calculator = new ProgressCalculator({ staleAfterMs: 86_400_000 });
    await expect(
      calculator.withForecastsInSlices(
        () => {
          throw new Error('unknown program');
        },
        async () => undefined,
      ),
    ).rejects.toThrow('unknown program');
    expect(calculator.market(program, market, daily, now, true).forecast?.trials).toBe(10_000);
  });
});
