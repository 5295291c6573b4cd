import type { MarketStatus } from './api/types';

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const upToTwo = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export const formatUsers = (n: number): string => integer.format(n);

/** 44.63 -> "44.63%", 100 -> "100%" (the API rounds down to 2 decimals already). */
export const formatPercent = (n: number): string => `${upToTwo.format(n)}%`;

export const formatRate = (n: number | null): string => (n === null ? '—' : `${integer.format(n)}/day`);

export const formatProbability = (p: number): string => `${Math.round(p * 100)}%`;

/** 122.53 -> "122.5 days"; once the deadline has passed, "3.2 days overdue". */
export const formatDays = (days: number): string =>
  days >= 0
    ? `${upToTwo.format(Math.floor(days * 10) / 10)} days`
    : `${upToTwo.format(Math.ceil(-days * 10) / 10)} days overdue`;

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
export function localDay(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(new Date(iso))
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Chart x values: a local day as the epoch ms of its UTC midnight, so ticks format with timeZone UTC. */
export const dayValue = (day: string): number => Date.parse(`${day}T00:00:00Z`);

export const formatTick = (value: number): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(
    new Date(value),
  );

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

/** The zone's offset from UTC (ms) at an instant: local wall time minus UTC. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .formatToParts(new Date(ms))
    .reduce<Record<string, number>>((acc, part) => ({ ...acc, [part.type]: Number(part.value) }), {});
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The last instant (23:59:59.999 local) of a local day (YYYY-MM-DD) in the time zone, as an ISO string. */
export function endOfLocalDay(day: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, date, 23, 59, 59, 999);
  const guess = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(guess, timeZone)).toISOString();
}
