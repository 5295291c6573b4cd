import { registerDecorator, type ValidationOptions } from 'class-validator';
import { EARLIEST_INSTANT, isInstantInRange, LATEST_INSTANT } from '@app/domain';

// A full date-time with an explicit zone: 2014-10-31T23:59:59+08:00 or ...Z.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * True when `value` is a real instant: well-formed, zone given, the calendar date exists, and the instant (in
 * UTC, not just its local year) lies within the domain's range, 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const inRange =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
  return inRange && isInstantInRange(value);
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: {
        message: `$property must be an ISO-8601 date-time with a zone, e.g. 2014-10-31T23:59:59+08:00, on a real calendar date, from ${EARLIEST_INSTANT} to ${LATEST_INSTANT}`,
        ...options,
      },
      validator: { validate: isInstant },
    });
}
