import { assessMarket, type MarketStatus, type MarketStatusInput } from '../market-status';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const deadline = '2014-10-31T16:00:00.000Z';
export const D = Date.parse(deadline);
export const at = (ms: number): Date => new Date(ms);
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Test-only: migrating, 10,000 users left and 10 days to go, so the required rate is exactly 1,000 a day. */
export const migrating: MarketStatusInput = {
  phase: 'migrating',
  usersInScope: 20_000,
  verifiedUsers: 10_000,
  deadline,
  now: at(D - 10 * DAY),
  throughputPerDay: 1000,
  lastStepAt: iso(D - 10 * DAY - HOUR),
};
/** The same market with every user verified. */
export const finished: MarketStatusInput = { ...migrating, verifiedUsers: 20_000 };
export const status = (input: MarketStatusInput): MarketStatus => assessMarket(input).status;
