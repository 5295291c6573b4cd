import type { MarketProgress, MarketSeries, ProgramProgress } from '../api/types';
import { dayValue, formatDayValue, formatPercent, formatUsers, localDay } from '../format';
import { marketName } from '../market-words';

const DAY_MS = 86_400_000;

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
  /** True when the axis spans more than one calendar year: its ticks then carry the year. */
  crossesYear: boolean;
  summary: string;
}

/** Local days (YYYY-MM-DD) an axis spans. */
export interface DaySpan {
  start: string;
  end: string;
}

export interface BurnUpFrame {
  /** The instant the figures are as of. */
  asOf: string;
  deadline: string;
  timeZone: string;
  /** The program's span: every market's chart runs over the same days. */
  span: DaySpan;
}

const marketStart = (m: MarketProgress): string =>
  m.milestones.startedAt ?? m.milestones.plannedStart ?? m.milestones.enrolledAt;

/**
 * The days a program's charts span: from its first market's start (or planned start, or enrolment) to the
 * later of the deadline and the last completion. Not to today: a program viewed years after its deadline
 * keeps its own months on the axis instead of a sliver at the left of a decade.
 */
export function programSpan(program: ProgramProgress): DaySpan {
  const tz = program.timeZone;
  const starts = program.markets.map((m) => localDay(marketStart(m), tz));
  const ends = [
    localDay(program.deadline, tz),
    ...program.markets.flatMap((m) =>
      m.milestones.completedAt ? [localDay(m.milestones.completedAt, tz)] : [],
    ),
  ];
  const deadlineDay = localDay(program.deadline, tz);
  const start = starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : deadlineDay;
  return { start, end: ends.reduce((a, b) => (a > b ? a : b)) };
}

export function burnUp(
  progress: MarketProgress,
  series: MarketSeries | null,
  { asOf, deadline, timeZone, span }: BurnUpFrame,
): BurnUp {
  const scope = progress.usersInScope;
  const name = marketName(progress.market);
  const verified = (series?.days ?? []).map((day) => ({ x: dayValue(day.day), y: day.cumulativeVerified }));
  const start = dayValue(localDay(marketStart(progress), timeZone));
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
    `Burn-up of ${name}: ${formatUsers(progress.verifiedUsers)} of ${formatUsers(scope)} users verified (${formatPercent(progress.percentVerified)}) as of ${formatDayValue(today)}.`,
    `The ideal pace runs from 0 on ${formatDayValue(start)} to ${formatUsers(scope)} on the deadline, ${formatDayValue(end)}.`,
  ];
  if (
    forecast &&
    forecast.basis === 'monte_carlo' &&
    forecast.p50 &&
    forecast.p95 &&
    progress.remainingUsers > 0 &&
    progress.throughputPerDay > 0
  ) {
    const from = { x: today, y: progress.verifiedUsers };
    const p50 = dayValue(localDay(forecast.p50, timeZone));
    const p95 = dayValue(localDay(forecast.p95, timeZone));
    forecastP50 = [from, { x: p50, y: scope }];
    forecastP95 = [from, { x: p95, y: scope }];
    parts.push(`Forecast: finished by ${formatDayValue(p50)} (P50) to ${formatDayValue(p95)} (P95).`);
  } else if (progress.remainingUsers > 0) {
    parts.push('No forecast: no throughput recorded recently.');
  }
  // The axis is the program's span, widened only for data outside it (a step dated before the start, or
  // verified after the deadline); forecasts past the span run off its edge. A little room on either side
  // keeps the deadline line and the first point clear of the frame.
  const xs = [dayValue(span.start), dayValue(span.end), ...verified.map((p) => p.x)];
  const low = Math.min(...xs);
  const high = Math.max(...xs);
  const room = Math.max(DAY_MS, Math.round((high - low) * 0.02));
  parts.push(`The time axis runs from ${formatDayValue(low)} to ${formatDayValue(high)}.`);
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
    xMin: low - room,
    xMax: high + room,
    crossesYear: new Date(low - room).getUTCFullYear() !== new Date(high + room).getUTCFullYear(),
    summary: parts.join(' '),
  };
}
