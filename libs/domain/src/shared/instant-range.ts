import { DomainError } from './domain.error';

/**
 * The instants the tracker accepts anywhere (deadlines, planned starts, occurredAt, asOf and the other time
 * filters): from the Unix epoch to the end of year 2199, in UTC. No step of a data migration, nor its
 * deadline, lies outside it. The bound is also what keeps reads finite and fast: the reports derive a
 * day-by-day history from a market's first step to the instant read (so at most ~84,000 days instead of the
 * 2.9 million between 1970 and 9999, which took seconds per read), and the dates they derive (local days in
 * zones up to 14 hours ahead, forecast finish days up to ten years later) keep four-digit years: a deadline
 * stored in year 10000 made every later read of its program fail.
 */
export const EARLIEST_INSTANT = '1970-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '2199-12-31T23:59:59.999Z';

const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);

/** True when the text parses to an instant within [EARLIEST_INSTANT, LATEST_INSTANT]. */
export function isInstantInRange(value: string): boolean {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

export class InstantOutOfRangeError extends DomainError {
  readonly code = 'instant_out_of_range';
  readonly kind = 'invalid';
  constructor(command: string, field: string, value: string) {
    super(
      `${command}: ${field} ${value} is not an instant between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}`,
      { command, field, value, earliest: EARLIEST_INSTANT, latest: LATEST_INSTANT },
    );
  }
}

/** Refuses an instant outside the documented range, so no stored value can break a later read. */
export function requireInstantInRange(command: string, field: string, value: string | undefined): void {
  if (value !== undefined && !isInstantInRange(value)) {
    throw new InstantOutOfRangeError(command, field, value);
  }
}
