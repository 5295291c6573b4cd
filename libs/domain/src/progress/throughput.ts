import { DAY_MS, dayMs, utcDay } from './calendar';

/** One market's steps summed per local day. Sparse: days without steps may be missing. */
export type DailySteps = {
  readonly day: string;
  readonly verifiedUsers: number;
  readonly copiedUsers?: number;
};

export type DailyCount = {
  readonly day: string;
  readonly verifiedUsers: number;
  readonly copiedUsers: number;
};

export type DailyHistory = {
  /** Consecutive days, oldest first, with zeros for days without steps. */
  readonly days: readonly DailyCount[];
  /** True when the only day is today, still in progress: the migration started today. */
  readonly partial: boolean;
};

export type Throughput = {
  readonly verifiedPerDay: number;
  readonly copiedPerDay: number;
  /** Days averaged over: the trailing window, or the whole history when it is shorter; 0 without history. */
  readonly days: number;
  readonly fromDay: string | null;
  readonly toDay: string | null;
  readonly partial: boolean;
};

export const DEFAULT_THROUGHPUT_WINDOW_DAYS = 7;

const checkCount = (value: number, what: string, day: string): number => {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${what} on ${day} must be >= 0, got ${value}`);
  return value;
};

/**
 * The dense daily history of a migration, from the day it started to yesterday.
 *
 * Today is left out: a day in progress holds only part of a day's work and would drag the rate down every
 * morning. The one exception is a migration that started today, which has no complete day yet: its history
 * is today alone, flagged `partial`. Counted as a whole day, that partial day can only understate the rate,
 * never overstate it, and it drops out tomorrow. Extrapolating it from the hour would swing wildly on the
 * first batches.
 *
 * The history starts at the earlier of `startDay` and the first day with a step, so steps dated before the
 * start (operators report `occurredAt`) still count. Steps dated after the last day of the history (today's,
 * or ones in the future) are not in it. Several entries for one day are added together.
 */
export function dailyHistory(input: {
  readonly series: readonly DailySteps[];
  readonly startDay: string;
  readonly today: string;
}): DailyHistory {
  const { series, startDay, today } = input;
  // Day strings are turned into epoch days once each: this runs for every market on every progress read.
  const todayMs = dayMs(today);
  const steps = series.map((step) => ({ step, ms: dayMs(step.day) }));
  let firstMs = dayMs(startDay);
  for (const { ms } of steps) if (ms <= todayMs && ms < firstMs) firstMs = ms;
  const sinceStart = Math.round((todayMs - firstMs) / DAY_MS);
  if (sinceStart < 0) return { days: [], partial: false };
  const partial = sinceStart === 0;
  const length = partial ? 1 : sinceStart;

  const verified = new Array<number>(length).fill(0);
  const copied = new Array<number>(length).fill(0);
  for (const { step, ms } of steps) {
    const index = Math.round((ms - firstMs) / DAY_MS);
    checkCount(step.verifiedUsers, 'Verified users', step.day);
    checkCount(step.copiedUsers ?? 0, 'Copied users', step.day);
    if (index < 0 || index >= length) continue;
    verified[index] += step.verifiedUsers;
    copied[index] += step.copiedUsers ?? 0;
  }
  const days = verified.map((verifiedUsers, index) => ({
    day: utcDay(firstMs + index * DAY_MS),
    verifiedUsers,
    copiedUsers: copied[index],
  }));
  return { days, partial };
}

/**
 * Users per day over the trailing `windowDays` days of the history (7 by default, or all of it when
 * shorter). Zero days count: a paused or idle day is real lost time, and the rate should show it.
 */
export function trailingThroughput(
  history: DailyHistory,
  windowDays: number = DEFAULT_THROUGHPUT_WINDOW_DAYS,
): Throughput {
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new RangeError(`The throughput window must be a whole number of days >= 1, got ${windowDays}`);
  }
  const window = history.days.slice(-windowDays);
  if (window.length === 0) {
    return { verifiedPerDay: 0, copiedPerDay: 0, days: 0, fromDay: null, toDay: null, partial: false };
  }
  const sum = (pick: (day: DailyCount) => number): number =>
    window.reduce((total, day) => total + pick(day), 0);
  return {
    verifiedPerDay: sum((day) => day.verifiedUsers) / window.length,
    copiedPerDay: sum((day) => day.copiedUsers) / window.length,
    days: window.length,
    fromDay: window[0].day,
    toDay: window[window.length - 1].day,
    partial: history.partial,
  };
}
