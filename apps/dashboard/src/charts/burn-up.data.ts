import type { MarketProgress, MarketSeries } from '../api/types';
import { dayValue, formatDayValue, formatPercent, formatUsers, localDay } from '../format';

export interface Point {
  x: number;
  y: number;
}

/** What a burn-up chart shows, in local days (see dayValue): built without the DOM so it reads plainly. */
export interface BurnUp {
  market: string;
  usersInScope: number;
  verified: Point[];
  ideal: Point[];
  deadline: Point[];
  /** From today's verified count to the scope at the P50 and P95 finish dates; empty when no forecast. */
  forecastP50: Point[];
  forecastP95: Point[];
  xMin: number;
  xMax: number;
  summary: string;
}

export function burnUp(
  progress: MarketProgress,
  series: MarketSeries | null,
  asOf: string,
  deadline: string,
  timeZone: string,
): BurnUp {
  const scope = progress.usersInScope;
  const verified = (series?.days ?? []).map((day) => ({ x: dayValue(day.day), y: day.cumulativeVerified }));
  const { startedAt, plannedStart, enrolledAt } = progress.milestones;
  const start = dayValue(localDay(startedAt ?? plannedStart ?? enrolledAt, timeZone));
  const end = dayValue(localDay(deadline, timeZone));
  const today = dayValue(localDay(asOf, timeZone));
  const ideal = [
    { x: start, y: 0 },
    { x: end, y: scope },
  ];
  const forecast = progress.forecast;
  let forecastP50: Point[] = [];
  let forecastP95: Point[] = [];
  const parts = [
    `Burn-up of ${progress.market}: ${formatUsers(progress.verifiedUsers)} of ${formatUsers(scope)} users verified (${formatPercent(progress.percentVerified)}) as of ${formatDayValue(today)}.`,
    `The ideal pace runs from 0 on ${formatDayValue(start)} to ${formatUsers(scope)} on the deadline, ${formatDayValue(end)}.`,
  ];
  if (
    forecast &&
    forecast.basis === 'monte_carlo' &&
    forecast.p50 &&
    forecast.p95 &&
    progress.remainingUsers > 0
  ) {
    const from = { x: today, y: progress.verifiedUsers };
    const p50 = dayValue(localDay(forecast.p50, timeZone));
    const p95 = dayValue(localDay(forecast.p95, timeZone));
    forecastP50 = [from, { x: p50, y: scope }];
    forecastP95 = [from, { x: p95, y: scope }];
    parts.push(`Forecast: finished by ${formatDayValue(p50)} (P50) to ${formatDayValue(p95)} (P95).`);
  } else if (progress.remainingUsers > 0) {
    parts.push('No forecast: no throughput recorded yet.');
  }
  const xs = [start, end, today, ...verified.map((p) => p.x), ...forecastP95.map((p) => p.x)];
  return {
    market: progress.market,
    usersInScope: scope,
    verified,
    ideal,
    deadline: [
      { x: end, y: 0 },
      { x: end, y: scope },
    ],
    forecastP50,
    forecastP95,
    xMin: Math.min(...xs),
    xMax: Math.max(...xs) + 3 * 86_400_000,
    summary: parts.join(' '),
  };
}
