import { wallClockMs } from './calendar';

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const MAX_ENTRIES = 200_000;

/**
 * `dayInZone` for many instants in a row (rebuilding a read model of a million steps): a zone's UTC offset
 * is looked up once per quarter hour of UTC time and reused, instead of formatting every instant. Offsets
 * change only at transitions, and the time-zone database has them on quarter-hour boundaries of UTC.
 */
export function createZonedDayLookup(): (instant: string, timeZone: string) => string {
  const offsets = new Map<string, number>();
  return (instant, timeZone) => {
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${instant}`);
    const bucket = ms - (((ms % QUARTER_HOUR_MS) + QUARTER_HOUR_MS) % QUARTER_HOUR_MS);
    const key = `${timeZone}|${bucket}`;
    let offset = offsets.get(key);
    if (offset === undefined) {
      if (offsets.size >= MAX_ENTRIES) offsets.clear();
      offset = wallClockMs(bucket, timeZone) - bucket;
      offsets.set(key, offset);
    }
    const wall = ms + offset;
    return new Date(wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS)).toISOString().slice(0, 10);
  };
}
