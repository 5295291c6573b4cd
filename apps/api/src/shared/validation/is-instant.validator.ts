import { registerDecorator, type ValidationOptions } from 'class-validator';

// A full date-time with an explicit zone: 2014-10-31T23:59:59+08:00 or ...Z.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True when `value` is a real instant: well-formed, zone given, and the calendar date exists. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const inRange =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
  return inRange && year >= 1970 && year <= 9999 && !Number.isNaN(Date.parse(value));
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: {
        message: `$property must be an ISO-8601 date-time with a zone, e.g. 2014-10-31T23:59:59+08:00, on a real calendar date`,
        ...options,
      },
      validator: { validate: isInstant },
    });
}
