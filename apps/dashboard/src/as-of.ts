import type { MarketSeries, TimelineStep } from './api/types';
import { endOfLocalDay, formatDate, localDay } from './format';
import type { AsOf, AsOfBasis } from './router';

// Viewing a past instant: what the time control means, in pure functions. The progress routes answer as of
// an instant themselves (`?asOf=&basis=`); the daily series and the timeline do not, so the page cuts them.

/**
 * The two bases of a past view, in plain words. `recorded`: only the steps the tracker had been told of by
 * then (events recorded by T). `occurred`: every step that had happened by then, steps logged later included
 * (events that occurred by T).
 */
export const BASIS_WORDS: Record<AsOfBasis, string> = {
  recorded: 'as logged by then',
  occurred: 'as happened by then',
};

/** The basis choices as the time control offers them. */
export const BASIS_CHOICES: Record<AsOfBasis, string> = {
  recorded: 'As logged by then (what the tracker had been told)',
  occurred: 'As happened by then (steps logged later included)',
};

const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The time control's choice: the last instant of a local day in the program's time zone, and a basis. */
export function endOfDayAsOf(day: string, basis: string, timeZone: string): AsOf {
  return { asOf: endOfLocalDay(day, timeZone), basis: basis === 'occurred' ? 'occurred' : 'recorded' };
}

/** A link naming a local day (`asOf=2014-06-01`) means the end of that day; an instant stays as it is. */
export function resolveAsOf(asOf: AsOf, timeZone: string): AsOf {
  return LOCAL_DAY.test(asOf.asOf) ? endOfDayAsOf(asOf.asOf, asOf.basis, timeZone) : asOf;
}

/** True when a link named a local day, which needs the program's time zone to become an instant. */
export const namesLocalDay = (asOf: AsOf): boolean => LOCAL_DAY.test(asOf.asOf);

/** "Viewing 1 Jun 2014 (as logged by then)": the app bar's words for a past view. */
export const viewingLabel = (asOf: AsOf, timeZone: string): string =>
  `Viewing ${formatDate(asOf.asOf, timeZone)} (${BASIS_WORDS[asOf.basis]})`;

/**
 * The latest `limit` steps known (recorded) or happened (occurred) by the instant; the first `limit` when
 * live. The steps come newest first from the timeline route, which has no as-of form.
 */
export function stepsUpTo(steps: TimelineStep[], asOf: AsOf | null, limit: number): TimelineStep[] {
  if (!asOf) return steps.slice(0, limit);
  const until = Date.parse(asOf.asOf);
  return steps
    .filter((step) => Date.parse(asOf.basis === 'occurred' ? step.occurredAt : step.recordedAt) <= until)
    .slice(0, limit);
}

/**
 * The daily series up to the local day of the instant. Its days are when steps happened, so this is exact
 * as happened by then; as logged by then it also counts steps of those days that were logged later.
 */
export function seriesUpTo(
  series: MarketSeries | null,
  asOf: AsOf | null,
  timeZone: string,
): MarketSeries | null {
  if (!series || !asOf) return series;
  const lastDay = localDay(asOf.asOf, timeZone);
  return { ...series, days: series.days.filter((day) => day.day <= lastDay) };
}
