import type { EnrolledMarketPhase } from '../market/market.state';
import { instantMs } from './calendar';

export const DEFAULT_STALE_AFTER_MS = 24 * 3_600_000;

export type Staleness = { readonly stale: boolean; readonly reason: string | null };

const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

/**
 * A market is stale when work is expected of it and nobody has logged a step for `staleAfterMs` or longer.
 * Work is expected once the migration has started (any phase but planned and completed) or, for a planned
 * market, once its plannedStart has passed. A market expecting work with no step at all is stale.
 */
export function assessStaleness(input: {
  readonly phase: EnrolledMarketPhase;
  readonly now: Date;
  readonly plannedStart?: string;
  /** When the latest step was recorded, not when it happened: staleness is about reporting. */
  readonly lastStepAt?: string;
  readonly staleAfterMs?: number;
}): Staleness {
  const staleAfterMs = input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  if (!(staleAfterMs > 0 && Number.isFinite(staleAfterMs))) {
    throw new RangeError(`staleAfterMs must be a number > 0, got ${staleAfterMs}`);
  }
  const nowMs = instantMs(input.now);
  const due = input.plannedStart !== undefined && instantMs(input.plannedStart) <= nowMs;
  const expectsWork = input.phase !== 'completed' && (input.phase !== 'planned' || due);
  if (!expectsWork) return { stale: false, reason: null };
  if (input.lastStepAt === undefined) return { stale: true, reason: 'stale: no step logged yet' };
  const age = nowMs - instantMs(input.lastStepAt);
  return age >= staleAfterMs
    ? {
        stale: true,
        reason: `stale: no step logged for ${hours(age)} (expected within ${hours(staleAfterMs)})`,
      }
    : { stale: false, reason: null };
}
