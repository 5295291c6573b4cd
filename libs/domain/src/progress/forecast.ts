import { addDays, daysBetween } from './calendar';
import { hashSeed, sfc32 } from './seeded-random';

export type ForecastInput = {
  /** Users verified on each complete day of the market's dense history, zero days included. */
  readonly history: readonly number[];
  /** Users in scope not yet verified. */
  readonly remainingUsers: number;
  /** The first day the forecast may work on, normally today (local day of the program's time zone). */
  readonly firstDay: string;
  /** The last local day on which finishing counts as on time (see `lastDayOnTime`). */
  readonly deadlineDay: string;
  /**
   * The share of `firstDay` still available, in (0, 1]: its draw is scaled by it. 1 (the default) counts
   * the whole of today; pass `dayShareLeft(now, timeZone)` to count only what is left of it.
   */
  readonly firstDayShare?: number;
  readonly trials?: number;
  /** Days looked ahead, `firstDay` included; a trial not done by then has no finish day. */
  readonly horizonDays?: number;
  /** Replaces the seed derived from the inputs. */
  readonly seed?: number;
};

export type Forecast = {
  /** Finish days ('YYYY-MM-DD') that 50%, 85% and 95% of trials reach; null when not within the horizon. */
  readonly p50: string | null;
  readonly p85: string | null;
  readonly p95: string | null;
  /** Share of trials finishing on or before `deadlineDay`. */
  readonly probabilityByDeadline: number;
  readonly trials: number;
  readonly seed: number;
};

export const DEFAULT_FORECAST_TRIALS = 10_000;
export const DEFAULT_FORECAST_HORIZON_DAYS = 3650;

/** The seed a forecast uses unless given one: a hash of what it is computed from. */
export const forecastSeed = (history: readonly number[], remainingUsers: number, firstDay: string): number =>
  hashSeed(`${firstDay}|${remainingUsers}|${history.join(',')}`);

const wholeAtLeastOne = (value: number, what: string): number => {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be a whole number >= 1, got ${value}`);
  return value;
};

/**
 * Monte Carlo forecast of the finish day (a bootstrap over the market's own history). Each trial works day
 * by day from `firstDay`: each day verifies as many users as one day drawn at random, with replacement,
 * from the history; the trial finishes on the day its total covers `remainingUsers`. So with 1,000 users a
 * day, 10,000 remaining and `firstDay` D, the finish day is D+9: D counts as the first working day. With
 * nothing remaining every trial finishes on `firstDay`. An empty or all-zero history never finishes.
 *
 * Percentiles are nearest-rank over all trials: P85 is the first day by which at least 85% have finished,
 * or null when fewer than that finish within the horizon.
 */
export function forecastFinish(input: ForecastInput): Forecast {
  const run = startForecast(input);
  run.advance(Infinity);
  return run.result();
}

/** A forecast under way: its trials run in as many slices as the caller likes (see startForecast). */
export interface ForecastRun {
  /** Runs up to `trials` more trials; true once every trial has run. */
  advance(trials: number): boolean;
  /** The forecast, once every trial has run. */
  result(): Forecast;
}

/**
 * forecastFinish a slice of trials at a time, for a caller that must not hold its thread for all of them
 * (10,000 trials of a slow market draw millions of days). The trials run in the same order on the same random
 * sequence, so however they are sliced the answer is forecastFinish's.
 */
export function startForecast(input: ForecastInput): ForecastRun {
  const { history, remainingUsers, firstDay, deadlineDay } = input;
  const trials = wholeAtLeastOne(input.trials ?? DEFAULT_FORECAST_TRIALS, 'Trials');
  const horizon = wholeAtLeastOne(input.horizonDays ?? DEFAULT_FORECAST_HORIZON_DAYS, 'The horizon in days');
  const share = input.firstDayShare ?? 1;
  if (!(share > 0 && share <= 1))
    throw new RangeError(`The first day's share must be in (0, 1], got ${share}`);
  if (!Number.isFinite(remainingUsers) || remainingUsers < 0) {
    throw new RangeError(`Remaining users must be >= 0, got ${remainingUsers}`);
  }
  const draws = Float64Array.from(history);
  if (draws.some((users) => !Number.isFinite(users) || users < 0)) {
    throw new RangeError('Every day of the history must hold a number of users >= 0');
  }
  const deadlineIndex = daysBetween(firstDay, deadlineDay);
  const seed = input.seed ?? forecastSeed(history, remainingUsers, firstDay);

  // finishedOn[i]: trials finishing on day firstDay + i. Counting beats sorting 10,000 finish days.
  const finishedOn = new Uint32Array(horizon);
  // Skip the trials when even the best day, every day, could not finish within the horizon (all-zero history).
  const bestDay = draws.reduce((best, users) => Math.max(best, users), 0);
  let left = 0;
  if (remainingUsers === 0) finishedOn[0] = trials;
  else if (bestDay * (share + horizon - 1) >= remainingUsers) left = trials;
  const random = sfc32(seed);

  const result = (): Forecast => {
    if (left > 0) throw new Error(`The forecast has ${left} trials still to run`);
    let byDeadline = 0;
    for (let day = 0; day <= Math.min(deadlineIndex, horizon - 1); day++) byDeadline += finishedOn[day];
    const dayReachedBy = (quantile: number): string | null => {
      const needed = Math.ceil(quantile * trials - 1e-9);
      let finished = 0;
      for (let day = 0; day < horizon; day++) {
        finished += finishedOn[day];
        if (finished >= needed) return addDays(firstDay, day);
      }
      return null;
    };
    return {
      p50: dayReachedBy(0.5),
      p85: dayReachedBy(0.85),
      p95: dayReachedBy(0.95),
      probabilityByDeadline: byDeadline / trials,
      trials,
      seed,
    };
  };
  return {
    advance: (count) => {
      const now = Math.min(left, count);
      if (now > 0) runTrials(draws, remainingUsers, share, now, random, finishedOn);
      left -= now;
      return left === 0;
    },
    result,
  };
}

/** The hot loop: no allocation per draw or per trial. */
function runTrials(
  draws: Float64Array,
  remaining: number,
  firstDayShare: number,
  trials: number,
  random: () => number,
  finishedOn: Uint32Array,
): void {
  const days = draws.length;
  const lastDay = finishedOn.length - 1;
  for (let trial = 0; trial < trials; trial++) {
    let covered = firstDayShare * draws[(random() * days) | 0];
    let day = 0;
    while (covered < remaining && day < lastDay) {
      day++;
      covered += draws[(random() * days) | 0];
    }
    if (covered >= remaining) finishedOn[day]++;
  }
}
