import { DAY_MS, dayInZone } from './calendar';

const HOUR_MS = 3_600_000;
const MAX_ENTRIES = 200_000;
/** The end of `format` with timeZoneName 'longOffset': "GMT", "GMT+08:00", "GMT-03:30", "GMT+06:55:25". */
const OFFSET = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A zone's UTC offset per hour of UTC time; NaN for an hour in which the offset changes. */
type HourOffsets = Map<number, number>;

/**
 * `dayInZone` for many instants in a row (a rebuild's million steps, where it showed as the largest cost of
 * the daily read model). A zone's UTC offset is read once per hour of UTC time, at the hour's first and last
 * second, and reused for every instant of that hour when both agree; an hour in which they differ (a
 * transition) goes to `dayInZone`, instant by instant. The answer is therefore `dayInZone`'s unless a zone changed its offset
 * twice within one hour and back, which no zone has done. Day strings are made once per day.
 */
export function createZonedDayLookup(): (instant: string, timeZone: string) => string {
  const zones = new Map<string, { format: Intl.DateTimeFormat; hours: HourOffsets }>();
  const days = new Map<number, string>();

  return (instant, timeZone) => {
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) throw new RangeError(`Not an instant: '${instant}'`);
    let zone = zones.get(timeZone);
    if (zone === undefined) {
      zone = { format: offsetFormat(timeZone), hours: new Map() };
      zones.set(timeZone, zone);
    }
    const hour = Math.floor(ms / HOUR_MS);
    let offset = zone.hours.get(hour);
    if (offset === undefined) {
      if (zone.hours.size >= MAX_ENTRIES) zone.hours.clear();
      const first = offsetMs(zone.format, hour * HOUR_MS);
      offset = first === offsetMs(zone.format, hour * HOUR_MS + HOUR_MS - 1000) ? first : Number.NaN;
      zone.hours.set(hour, offset);
    }
    if (Number.isNaN(offset)) return dayInZone(instant, timeZone);
    const day = Math.floor((ms + offset) / DAY_MS);
    let text = days.get(day);
    if (text === undefined) {
      if (days.size >= MAX_ENTRIES) days.clear();
      text = new Date(day * DAY_MS).toISOString().slice(0, 10);
      days.set(day, text);
    }
    return text;
  };
}

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    timeZoneName: 'longOffset',
    calendar: 'gregory',
    numberingSystem: 'latn',
  });
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: local mean times have them). */
function offsetMs(format: Intl.DateTimeFormat, ms: number): number {
  const text = format.format(ms);
  const match = OFFSET.exec(text);
  if (match === null) throw new RangeError(`Unexpected zone offset '${text}'`);
  if (match[1] === undefined) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return (match[1] === '-' ? -seconds : seconds) * 1000;
}
