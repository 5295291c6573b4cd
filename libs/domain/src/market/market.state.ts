import type { MarketRef } from '../shared/message';
import type { MarketBatchesView } from './market-batches';

export type { BatchRecord, BatchStatus, MarketBatchesView } from './market-batches';

export type MarketPhase =
  'not_enrolled' | 'planned' | 'migrating' | 'paused' | 'cut_over' | 'source_purged' | 'completed';
export type EnrolledMarketPhase = Exclude<MarketPhase, 'not_enrolled'>;

export type NotEnrolledMarket = { readonly phase: 'not_enrolled' };

export type EnrolledMarket = MarketRef & {
  readonly phase: EnrolledMarketPhase;
  readonly targetRegion: string;
  readonly usersInScope: number;
  readonly bytesInScope?: number;
  readonly plannedStart?: string;
  /** Users in batches copied but not yet verified or failed. */
  readonly copiedUsers: number;
  readonly verifiedUsers: number;
  /** Batches whose latest attempt failed and that have not been copied again yet. */
  readonly failedBatches: number;
  /** Packed (see MarketBatches): the writer keeps thousands of these states in memory. */
  readonly batches: MarketBatchesView;
};

export type MarketState = NotEnrolledMarket | EnrolledMarket;

export const initialMarketState: MarketState = { phase: 'not_enrolled' };

export const marketRef = (state: EnrolledMarket): MarketRef => ({
  programId: state.programId,
  market: state.market,
});

/** How errors name a market to people, e.g. 'Market IN of program p2014'. */
export const marketLabel = (ref: MarketRef): string => `Market ${ref.market} of program ${ref.programId}`;

/** A phase as people write it: 'cut over', 'source purged'. */
export const phaseLabel = (phase: MarketPhase): string => phase.replace('_', ' ');
