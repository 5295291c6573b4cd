import type { MarketStatus } from './api/types';
// The domain's calendar, one definition of a local day for the server and the page (a pure module: no
// framework, nothing of Nest reaches the bundle).
import { dayInZone, endOfDayInZone } from '../../../libs/domain/src/progress/calendar';

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const upToTwo = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export const formatUsers = (n: number): string => integer.format(n);

/** 44.63 -> "44.63%", 100 -> "100%" (the API rounds down to 2 decimals already). */
export const formatPercent = (n: number): string => `${upToTwo.format(n)}%`;

export const formatRate = (n: number | null): string => (n === null ? '—' : `${integer.format(n)}/day`);

export const formatProbability = (p: number): string => `${Math.round(p * 100)}%`;

/** Whole days, counted down: 122.53 -> "122 days"; once the deadline has passed, -4417.1 -> "4,417 days overdue". */
export const formatDays = (days: number): string =>
  days >= 0 ? plural(Math.floor(days), 'day') : `${plural(Math.floor(-days), 'day')} overdue`;

/** 1 -> "1 day", 4417 -> "4,417 days". */
export const plural = (n: number, word: string): string =>
  `${integer.format(n)} ${word}${n === 1 ? '' : 's'}`;

/** The stale reason, said once: "⚠ Stale: no step logged for 30.0 h (expected within 24.0 h)". */
export function staleWarning(reasons: readonly string[]): string {
  const reason = reasons.find((r) => r.startsWith('stale'));
  return `⚠ Stale: ${reason ? reason.replace(/^stale:\s*/, '') : 'no recent step logged'}`;
}

export function formatDate(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));
}

export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The local calendar day (YYYY-MM-DD) of an instant in the program's time zone. */
export const localDay = (iso: string, timeZone: string): string => dayInZone(iso, timeZone);

/** Chart x values: a local day as the epoch ms of its UTC midnight, so ticks format with timeZone UTC. */
export const dayValue = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** An axis tick: "15 Mar", or "15 Mar 2014" on an axis whose span crosses a year. */
export const formatTick = (value: number, withYear = false): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: withYear ? 'numeric' : undefined,
  }).format(new Date(value));

export const formatDayValue = (value: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(value));

export const STATUS_WORDS: Record<MarketStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  completed: 'Completed',
  completed_late: 'Completed late',
};

export const phaseWord = (phase: string): string => phase.replace(/_/g, ' ');

/** `BatchVerified` -> "batch verified". */
export const stepWord = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** The last instant (23:59:59.999 local) of a local day (YYYY-MM-DD) in the time zone, as an ISO string. */
export const endOfLocalDay = (day: string, timeZone: string): string =>
  endOfDayInZone(day, timeZone).toISOString();

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
const FRACTIONAL_DAYS = /(\d+(?:\.\d+)?) days\b/g;

/**
 * A reason from the API as people read it: its instants (written in UTC ISO) in the program's time zone,
 * its days whole ("deadline 31 Oct 2014, 23:59 GMT+8 passed 4,417 days ago"). The words stay the API's.
 */
export function readableReason(reason: string, timeZone: string): string {
  return reason
    .replace(ISO_INSTANT, (iso) => formatDateTime(iso, timeZone))
    .replace(FRACTIONAL_DAYS, (_all, days: string) => plural(Math.floor(Number(days)), 'day'));
}
