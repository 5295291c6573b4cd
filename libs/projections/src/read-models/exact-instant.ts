/** `YYYY-MM-DDTHH:mm:ss.sssZ`: the only shape `toISOString` writes for years 0 to 9999. */
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const digits = (text: string, from: number, to: number): number => {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
};

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * The milliseconds of an instant's text when `new Date(ms).toISOString()` gives that text back exactly, else
 * undefined; without building the text again (a rebuild asks twice per event, and toISOString was the larger
 * part of the timeline's cost). Date.parse refuses months, minutes and seconds out of range; it takes a day
 * past its month's end and hour 24 (rolling over), which `toISOString` would write differently: refused here.
 */
export function exactMs(text: string): number | undefined {
  if (text.length !== 24 || !ISO_SHAPE.test(text)) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  if (digits(text, 11, 13) > 23) return undefined;
  const [year, month, day] = [digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? ms : undefined;
}
