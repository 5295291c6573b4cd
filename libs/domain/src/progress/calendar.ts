/**
 * Calendar days in a time zone. Progress is reported per local day of the program's time zone (a batch
 * verified at 01:00 in Singapore belongs to that Singapore day, not to the previous UTC day). Days are
 * 'YYYY-MM-DD' strings; day arithmetic runs on UTC midnights, so it never meets a DST shift.
 */

export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Zone offsets stay within ±15 h (even historical local mean time), so a day starts within this of UTC. */
const MAX_OFFSET_MS = 16 * 3_600_000;

/** Epoch milliseconds of an instant; refuses what does not parse instead of carrying NaN along. */
export function instantMs(instant: Date | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: '${String(instant)}'`);
  return ms;
}

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** UTC midnight of a 'YYYY-MM-DD' day, in epoch milliseconds; refuses malformed or impossible days. */
export function dayMs(day: string): number {
  if (!isDay(day)) throw new RangeError(`Not a day (YYYY-MM-DD): '${day}'`);
  return Date.parse(day);
}

/** True for an existing calendar day written 'YYYY-MM-DD'. */
export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  return (
    match !== null && utcDay(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) === value
  );
}

// Creating a formatter costs far more than using one; zones are few, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall-clock reading at an instant, written as if it were a UTC time (epoch ms). */
export function wallClockMs(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) fields[part.type] = Number(part.value);
  const wholeSeconds = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  return wholeSeconds + (((ms % 1000) + 1000) % 1000);
}

const localDayMs = (ms: number, timeZone: string): number => {
  const wall = wallClockMs(ms, timeZone);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
};

/** The local calendar day ('YYYY-MM-DD') of an instant in an IANA time zone. */
export function dayInZone(instant: Date | string, timeZone: string): string {
  return utcDay(localDayMs(instantMs(instant), timeZone));
}

export function addDays(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Days to add must be a whole number, got ${n}`);
  return utcDay(dayMs(day) + n * DAY_MS);
}

/** Whole days from one day to another: 0 for the same day, negative when `toDay` comes first. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((dayMs(toDay) - dayMs(fromDay)) / DAY_MS);
}

/**
 * The first instant whose local day is `day` (or later). Usually local midnight; where the clocks jump
 * over midnight it is the instant of the jump, and where a whole day is skipped (Pacific/Apia, 2011-12-30)
 * it is the start of the next day that exists.
 */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const midnight = dayMs(day);
  // Local midnight under the offset in force a day before or a day after: one of them is right unless
  // midnight itself was skipped. The earlier wins when midnight happened twice.
  const candidates = [DAY_MS, -DAY_MS]
    .map((shift) => midnight - (wallClockMs(midnight + shift, timeZone) - (midnight + shift)))
    .sort((a, b) => a - b);
  const exact = candidates.find((ms) => wallClockMs(ms, timeZone) === midnight);
  if (exact !== undefined) return new Date(exact);
  let before = midnight - MAX_OFFSET_MS; // local day < `day`
  let from = midnight + MAX_OFFSET_MS; // local day >= `day`
  while (from - before > 1) {
    const middle = before + Math.floor((from - before) / 2);
    if (localDayMs(middle, timeZone) >= midnight) from = middle;
    else before = middle;
  }
  return new Date(from);
}

/** The last millisecond of `day` in the zone (23, 24 or 25 hours after its start, less 1 ms). */
export function endOfDayInZone(day: string, timeZone: string): Date {
  return new Date(startOfDayInZone(addDays(day, 1), timeZone).getTime() - 1);
}

/** Fractional 24-hour days from one instant to another; negative once `to` has passed. */
export function daysUntil(from: Date | string, to: Date | string): number {
  return (instantMs(to) - instantMs(from)) / DAY_MS;
}

/** The share of the local day still ahead of `now`, in (0, 1], measured against that day's real length. */
export function dayShareLeft(now: Date | string, timeZone: string): number {
  const nowMs = instantMs(now);
  const day = dayInZone(new Date(nowMs), timeZone);
  const start = startOfDayInZone(day, timeZone).getTime();
  const next = endOfDayInZone(day, timeZone).getTime() + 1;
  return (next - nowMs) / (next - start);
}

/**
 * The last local day on which finishing still meets a deadline instant: the day of the millisecond before
 * it, so a deadline at local midnight (2014-11-01T00:00 in Shanghai) gives the day before (2014-10-31).
 */
export function lastDayOnTime(deadline: Date | string, timeZone: string): string {
  return dayInZone(new Date(instantMs(deadline) - 1), timeZone);
}
