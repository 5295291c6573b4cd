import {
  assessMarket,
  dailyHistory,
  dayInZone,
  dayShareLeft,
  forecastFinish,
  lastDayOnTime,
  startForecast,
  trailingThroughput,
  type DailyHistory,
  type EnrolledMarketPhase,
  type ForecastInput,
} from '@app/domain';
import type { MarketDailyRow } from '../read-models/market-daily.projection';
import type { MarketProgressRow } from '../read-models/market-progress.projection';
import type { ProgramRow } from '../read-models/programs.projection';
import type { ForecastView, MarketProgressView } from './progress.views';

export interface ProgressOptions {
  /** A market with no step logged for this long is stale. */
  staleAfterMs: number;
}

/**
 * Turns read-model rows into progress against the deadline at a given instant: the rows hold what happened,
 * the status depends on when you look. Forecasts are seeded by their inputs, so they are cached by them.
 */
export class ProgressCalculator {
  private readonly forecasts = new Map<string, ForecastView>();
  /** While `withForecastsInSlices` finds out what a computation needs: the forecasts not cached yet. */
  private wanted: Map<string, ForecastInput> | undefined;

  constructor(private readonly config: ProgressOptions) {}

  /**
   * What `use` returns, with the Monte Carlo forecasts it needs computed first, `trialsPerSlice` trials
   * between two `pause()`s, so that a caller that must not hold its thread (as-of replays) is not held by
   * a slow market's 10,000 trials (~40 ms in one piece otherwise). `use` runs twice: once, synchronously, to
   * learn which forecasts it asks for (that answer is dropped), then once they are cached. The answer is the
   * one `use` alone gives: the forecasts are the same trials on the same random sequence.
   */
  async withForecastsInSlices<T>(use: () => T, pause: () => Promise<void>, trialsPerSlice = 500): Promise<T> {
    const wanted = new Map<string, ForecastInput>();
    this.wanted = wanted;
    try {
      use();
    } finally {
      this.wanted = undefined;
    }
    for (const [key, input] of wanted) {
      const run = startForecast(input);
      while (!run.advance(trialsPerSlice)) await pause();
      this.remember(key, { ...run.result(), basis: 'monte_carlo' });
      await pause();
    }
    return use();
  }

  market(
    program: ProgramRow,
    row: MarketProgressRow,
    daily: MarketDailyRow[],
    now: Date,
    withForecast: boolean,
  ): MarketProgressView {
    const zone = program.time_zone;
    const history = this.history(row, daily, now, zone);
    const throughput = history ? trailingThroughput(history).verifiedPerDay : 0;
    const assessment = assessMarket({
      phase: row.phase as EnrolledMarketPhase,
      usersInScope: row.users_in_scope,
      verifiedUsers: row.verified_users,
      deadline: program.deadline,
      now,
      throughputPerDay: throughput,
      completedAt: row.completed_at ?? undefined,
      plannedStart: row.planned_start ?? undefined,
      // Staleness is about reporting: when a step was last logged, whenever it happened.
      lastStepAt: row.last_recorded_at,
      staleAfterMs: this.config.staleAfterMs,
    });
    const view: MarketProgressView = {
      programId: row.program_id,
      market: row.market,
      targetRegion: row.target_region,
      phase: row.phase,
      status: assessment.status,
      stale: assessment.stale,
      reasons: assessment.reasons,
      usersInScope: row.users_in_scope,
      bytesInScope: row.bytes_in_scope,
      copiedUsers: row.copied_users,
      verifiedUsers: row.verified_users,
      remainingUsers: assessment.remainingUsers,
      percentVerified: assessment.percentVerified,
      failedBatches: row.failed_batches,
      failures: row.failures,
      retries: row.retries,
      batchesVerified: row.batches_verified,
      throughputPerDay: Math.round(throughput * 100) / 100,
      requiredRatePerDay: assessment.requiredRatePerDay,
      projectedFinish: assessment.projectedFinish,
      daysLeft: assessment.daysLeft,
      lastStep: { type: row.last_step_type, occurredAt: row.last_step_at, recordedAt: row.last_recorded_at },
      milestones: {
        enrolledAt: row.enrolled_at,
        plannedStart: row.planned_start,
        startedAt: row.started_at,
        pausedAt: row.paused_at,
        pauseReason: row.pause_reason,
        cutoverAt: row.cutover_at,
        purgedAt: row.purged_at,
        completedAt: row.completed_at,
      },
      position: row.last_position,
    };
    if (withForecast) view.forecast = this.forecast(program, row, history, now);
    return view;
  }

  private history(
    row: MarketProgressRow,
    daily: MarketDailyRow[],
    now: Date,
    zone: string,
  ): DailyHistory | undefined {
    const startDay = row.started_at ? dayInZone(row.started_at, zone) : daily[0]?.day;
    if (startDay === undefined) return undefined;
    const today = dayInZone(now, zone);
    const series = daily.map((d) => ({
      day: d.day,
      verifiedUsers: d.verified_users,
      copiedUsers: d.copied_users,
    }));
    return dailyHistory({ series, startDay: startDay < today ? startDay : today, today });
  }

  private forecast(
    program: ProgramRow,
    row: MarketProgressRow,
    history: DailyHistory | undefined,
    now: Date,
  ): ForecastView {
    const zone = program.time_zone;
    const deadlineDay = lastDayOnTime(program.deadline, zone);
    if (row.phase === 'completed' && row.completed_at) {
      const day = dayInZone(row.completed_at, zone);
      const onTime = Date.parse(row.completed_at) <= Date.parse(program.deadline) ? 1 : 0;
      return {
        p50: day,
        p85: day,
        p95: day,
        probabilityByDeadline: onTime,
        trials: 0,
        seed: 0,
        basis: 'completed',
      };
    }
    const remainingUsers = Math.max(0, row.users_in_scope - row.verified_users);
    const today = dayInZone(now, zone);
    if (!history && remainingUsers > 0) return noFinishDay('no_history');
    const days = history?.days.map((d) => d.verifiedUsers) ?? [];
    const firstDayShare = dayShareLeft(now, zone);
    const key = `${program.program_id}|${row.market}|${row.last_position}|${today}|${deadlineDay}|${firstDayShare.toFixed(2)}|${remainingUsers}|${days.length}`;
    const cached = this.forecasts.get(key);
    if (cached) return cached;
    const input: ForecastInput = {
      history: days,
      remainingUsers,
      firstDay: today,
      deadlineDay,
      firstDayShare,
    };
    if (this.wanted) {
      this.wanted.set(key, input);
      return noFinishDay('monte_carlo'); // a stand-in: this answer is dropped (see withForecastsInSlices)
    }
    return this.remember(key, { ...forecastFinish(input), basis: 'monte_carlo' });
  }

  private remember(key: string, forecast: ForecastView): ForecastView {
    if (this.forecasts.size >= 1000) this.forecasts.delete(this.forecasts.keys().next().value as string);
    this.forecasts.set(key, forecast);
    return forecast;
  }
}

/** A forecast without finish days or trials. */
function noFinishDay(basis: ForecastView['basis']): ForecastView {
  return { p50: null, p85: null, p95: null, probabilityByDeadline: 0, trials: 0, seed: 0, basis };
}
