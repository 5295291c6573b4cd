import { registerDecorator, type ValidationOptions } from 'class-validator';

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '$property must be an IANA time zone such as Asia/Singapore or UTC', ...options },
      validator: { validate: isTimeZone },
    });
}
