import type { MarketProgress } from './api/types';
import { formatDate, plural, readableReason } from './format';
// The window the API averages throughput over: one definition, the domain's (a pure constant).
import { DEFAULT_THROUGHPUT_WINDOW_DAYS } from '../../../libs/domain/src/progress/throughput';

/** The markets of the reference scenario and the demo; any other code is shown as it is. */
const COUNTRY_NAMES: Record<string, string> = {
  IN: 'India',
  HK: 'Hong Kong',
  ID: 'Indonesia',
  MY: 'Malaysia',
  PH: 'Philippines',
  SG: 'Singapore',
  TW: 'Taiwan',
};

/** "India (IN)"; a code without a name stays the code. */
export function marketName(code: string): string {
  const name = COUNTRY_NAMES[code.toUpperCase()];
  return name ? `${name} (${code})` : code;
}

/**
 * Where the market is in its lifecycle once every user is verified: what is still to do before it completes.
 * Null while users remain to verify (the status reasons say how that goes) and once completed.
 */
export function pendingStep(market: MarketProgress): string | null {
  if (market.remainingUsers > 0) return null;
  switch (market.phase) {
    case 'migrating':
    case 'paused':
      return 'all verified; cutover pending';
    case 'cut_over':
      return 'cut over; source purge pending';
    case 'source_purged':
      return 'source purged; completion pending';
    default:
      return null;
  }
}

/**
 * The status explained in words: what is pending (when all users are verified), then the API's own
 * reasons, read in the program's time zone with whole days. The status itself is the API's.
 */
export function statusExplanation(market: MarketProgress, timeZone: string): string {
  const reasons = market.reasons
    .filter((reason) => !reason.startsWith('stale'))
    .map((reason) => readableReason(reason, timeZone));
  const pending = pendingStep(market);
  return [pending, ...reasons].filter((part): part is string => part !== null).join('; ');
}

/** What the finish dates say, or why there is none. */
export interface FinishDates {
  p50: string;
  p85: string;
  p95: string;
  /** Why there is no finish date (null when the dates are shown). */
  note: string | null;
}

/**
 * The forecast's P50/P85/P95 finish dates, or, when a date would mislead, the words why there is none: no
 * throughput in the averaging window (a forecast from older days would sit beside "0/day"), nothing left to
 * verify (what remains is the cutover, not verification), not started, or no forecast at all. Undefined while
 * the market's forecast is still loading and a date is needed.
 */
export function finishDates(market: MarketProgress, timeZone: string): FinishDates | undefined {
  const forecast = market.forecast;
  const none = (shown: string, note: string | null): FinishDates => ({
    p50: shown,
    p85: shown,
    p95: shown,
    note,
  });
  const dates = (f: NonNullable<typeof forecast>): FinishDates => ({
    p50: formatDate(f.p50, timeZone),
    p85: formatDate(f.p85, timeZone),
    p95: formatDate(f.p95, timeZone),
    note: null,
  });
  if (market.phase === 'completed') return forecast ? dates(forecast) : undefined;
  if (market.remainingUsers === 0) return none('all verified', null);
  if (market.phase === 'planned') return none('no finish date', 'no finish date: not started yet');
  if (market.throughputPerDay === 0)
    return none(
      'no finish date',
      `no finish date: nothing verified in the last ${plural(DEFAULT_THROUGHPUT_WINDOW_DAYS, 'day')}`,
    );
  if (!forecast) return undefined;
  if (!forecast.p50) return none('no finish date', 'no finish date: not enough history to forecast');
  return dates(forecast);
}
