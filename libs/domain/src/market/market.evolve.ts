import { MarketBatches, type BatchRecord } from './market-batches';
import type { BatchCopied, BatchFailed, BatchVerified, MarketEvent } from './market.events';
import type { EnrolledMarket, MarketState } from './market.state';

/**
 * A market holds thousands of batches and its stream is folded linearly, one event after the other, so the
 * batch record is updated in place: copying it per event made a fold quadratic in the number of batches
 * (seconds per command on a large market). The price: a state must not be used after it was evolved; only
 * its successor is. `decide` never writes to state (it sees the batches through a read-only view).
 */
const withBatch = (state: EnrolledMarket, batchId: string, batch: BatchRecord): EnrolledMarket['batches'] => {
  (state.batches as MarketBatches).set(batchId, batch);
  return state.batches;
};

function batchCopied(state: EnrolledMarket, { data }: BatchCopied): EnrolledMarket {
  const retried = state.batches.get(data.batchId)?.status === 'failed';
  const { batchId, users, attempt } = data;
  return {
    ...state,
    copiedUsers: state.copiedUsers + users,
    failedBatches: retried ? state.failedBatches - 1 : state.failedBatches,
    batches: withBatch(state, batchId, { status: 'copied', users, attempts: attempt }),
  };
}

function batchVerified(state: EnrolledMarket, { data }: BatchVerified): EnrolledMarket {
  const batch = state.batches.get(data.batchId);
  const wasCopied = batch?.status === 'copied';
  return {
    ...state,
    copiedUsers: wasCopied ? state.copiedUsers - batch.users : state.copiedUsers,
    verifiedUsers: state.verifiedUsers + data.users,
    batches: withBatch(state, data.batchId, {
      status: 'verified',
      users: data.users,
      attempts: batch?.attempts ?? 1,
    }),
  };
}

function batchFailed(state: EnrolledMarket, { data }: BatchFailed): EnrolledMarket {
  const batch = state.batches.get(data.batchId);
  const wasCopied = batch?.status === 'copied';
  return {
    ...state,
    copiedUsers: wasCopied ? state.copiedUsers - batch.users : state.copiedUsers,
    failedBatches: batch?.status === 'failed' ? state.failedBatches : state.failedBatches + 1,
    batches: withBatch(state, data.batchId, {
      status: 'failed',
      users: data.users,
      attempts: data.attempt,
    }),
  };
}

/**
 * The only place market state changes. It trusts the stream: events were checked by `decide` when they
 * were written, so evolve never throws; an event that does not fit the state (a corrupt or foreign
 * stream) leaves the state as it was rather than inventing a market.
 */
export function evolveMarket(state: MarketState, event: MarketEvent): MarketState {
  if (event.type === 'MarketEnrolled') {
    return state.phase === 'not_enrolled'
      ? {
          phase: 'planned',
          ...event.data,
          copiedUsers: 0,
          verifiedUsers: 0,
          failedBatches: 0,
          batches: new MarketBatches(),
        }
      : state;
  }
  if (state.phase === 'not_enrolled') {
    return state;
  }
  switch (event.type) {
    case 'ScopeRevised':
      return { ...state, usersInScope: event.data.usersInScope };
    case 'MigrationStarted':
    case 'MigrationResumed':
      return { ...state, phase: 'migrating' };
    case 'MigrationPaused':
      return { ...state, phase: 'paused' };
    case 'BatchCopied':
      return batchCopied(state, event);
    case 'BatchVerified':
      return batchVerified(state, event);
    case 'BatchFailed':
      return batchFailed(state, event);
    case 'CutoverCompleted':
      return { ...state, phase: 'cut_over' };
    case 'SourceDataPurged':
      return { ...state, phase: 'source_purged' };
    case 'MarketCompleted':
      return { ...state, phase: 'completed' };
  }
}
