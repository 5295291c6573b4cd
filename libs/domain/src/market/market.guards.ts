import {
  MarketAlreadyCutOverError,
  MarketCompletedError,
  MarketNotEnrolledError,
  MarketPausedError,
  MigrationNotStartedError,
} from './market-lifecycle.errors';
import { marketRef, type EnrolledMarket, type MarketState } from './market.state';

/** Every command but enrolment needs an enrolled market, and a completed market accepts nothing. */
export function requireOpenMarket(state: MarketState, command: string): EnrolledMarket {
  if (state.phase === 'not_enrolled') {
    throw new MarketNotEnrolledError(command);
  }
  if (state.phase === 'completed') {
    throw new MarketCompletedError(marketRef(state), command);
  }
  return state;
}

/** Batches, pauses and cutover happen only while data is moving; each other phase has its own error. */
export function requireMigrating(state: EnrolledMarket, command: string): void {
  const ref = marketRef(state);
  switch (state.phase) {
    case 'migrating':
      return;
    case 'planned':
      throw new MigrationNotStartedError(ref, command);
    case 'paused':
      throw new MarketPausedError(ref, command);
    case 'cut_over':
    case 'source_purged':
    case 'completed':
      throw new MarketAlreadyCutOverError(ref, command, state.phase);
  }
}

/** True once users are served from the target region: scope and batches are frozen from then on. */
export const isCutOver = (state: EnrolledMarket): boolean =>
  state.phase === 'cut_over' || state.phase === 'source_purged' || state.phase === 'completed';
