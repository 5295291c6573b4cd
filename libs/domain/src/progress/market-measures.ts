import { DAY_MS, instantMs } from './calendar';

/** The numbers a dashboard shows next to a market's status. */
export type MarketMeasures = {
  /** Verified share of the users in scope, 0–100, rounded down to 2 decimals: 100 only when all are done. */
  readonly percentVerified: number;
  readonly remainingUsers: number;
  /** Fractional 24-hour days until the deadline, 2 decimals; negative once it has passed. */
  readonly daysLeft: number;
  /** Users per day needed to finish by the deadline, rounded up to 2 decimals; null when nothing remains or no time is left. */
  readonly requiredRatePerDay: number | null;
  /** When verification finishes at the current throughput (ISO); null when nothing remains or it never would. */
  readonly projectedFinish: string | null;
};

/** The latest instant a Date can hold; projections beyond it have no date. */
const MAX_DATE_MS = 8.64e15;

const nonNegative = (value: number, what: string): number => {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${what} must be a number >= 0, got ${value}`);
  return value;
};

export function measureMarket(input: {
  readonly usersInScope: number;
  readonly verifiedUsers: number;
  readonly deadline: string;
  readonly now: Date;
  readonly throughputPerDay: number;
}): MarketMeasures {
  const scope = nonNegative(input.usersInScope, 'Users in scope');
  const verified = nonNegative(input.verifiedUsers, 'Verified users');
  const throughput = nonNegative(input.throughputPerDay, 'Throughput per day');
  const nowMs = instantMs(input.now);
  const msLeft = instantMs(input.deadline) - nowMs;
  const remainingUsers = Math.max(0, scope - verified);
  // Integer arithmetic before the division, so 29 of 100 is 29.00 and not 28.99.
  const percentVerified = scope === 0 ? 100 : Math.min(100, Math.floor((verified * 10_000) / scope) / 100);
  const required = remainingUsers > 0 && msLeft > 0 ? (remainingUsers * DAY_MS) / msLeft : null;
  const finishMs =
    remainingUsers > 0 && throughput > 0 ? nowMs + (remainingUsers / throughput) * DAY_MS : null;
  return {
    percentVerified,
    remainingUsers,
    daysLeft: Math.round((msLeft / DAY_MS) * 100) / 100 + 0, // + 0 turns -0 into 0
    requiredRatePerDay: required === null ? null : Math.ceil(required * 100) / 100,
    projectedFinish: finishMs === null || finishMs > MAX_DATE_MS ? null : new Date(finishMs).toISOString(),
  };
}
