/** Local days and instants in the program's zone (Asia/Singapore, +08:00, no daylight saving). */
export const ZONE_OFFSET = '+08:00';

/** `2014-04-02T10:07:00+08:00` for a local day and minutes after local midnight. */
export function localInstant(day: string, minutes: number): string {
  const hour = String(Math.floor(minutes / 60)).padStart(2, '0');
  const minute = String(minutes % 60).padStart(2, '0');
  return `${day}T${hour}:${minute}:00${ZONE_OFFSET}`;
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
