import { isBlank } from '../shared/validation.errors';
import type { PurgeSourceDataData } from './market.commands';
import type { CutoverCompleted, MarketCompleted, SourceDataPurged } from './market.events';
import {
  CompletionBeforePurgeError,
  CutoverBeforeAllVerifiedError,
  EvidenceRequiredError,
  PurgeBeforeCutoverError,
  SourceAlreadyPurgedError,
  UnverifiedBatchesPendingError,
} from './market-closing.errors';
import { requireMigrating } from './market.guards';
import { marketRef, type EnrolledMarket } from './market.state';

export function completeCutover(state: EnrolledMarket): CutoverCompleted[] {
  requireMigrating(state, 'CompleteCutover');
  // Pending copies are checked first: they name the batches an operator has to verify or fail.
  const pending = state.batches.idsWith('copied');
  if (pending.length > 0) {
    throw new UnverifiedBatchesPendingError(marketRef(state), pending, state.copiedUsers);
  }
  if (state.verifiedUsers !== state.usersInScope) {
    throw new CutoverBeforeAllVerifiedError(marketRef(state), state.usersInScope, state.verifiedUsers);
  }
  return [{ type: 'CutoverCompleted', data: { ...marketRef(state), verifiedUsers: state.verifiedUsers } }];
}

export function purgeSourceData(state: EnrolledMarket, data: PurgeSourceDataData): SourceDataPurged[] {
  if (isBlank(data.evidence)) {
    throw new EvidenceRequiredError('PurgeSourceData');
  }
  if (state.phase === 'source_purged') {
    throw new SourceAlreadyPurgedError(marketRef(state));
  }
  if (state.phase !== 'cut_over') {
    throw new PurgeBeforeCutoverError(marketRef(state), state.phase);
  }
  return [{ type: 'SourceDataPurged', data: { ...marketRef(state), evidence: data.evidence } }];
}

export function completeMarket(state: EnrolledMarket): MarketCompleted[] {
  if (state.phase !== 'source_purged') {
    throw new CompletionBeforePurgeError(marketRef(state), state.phase);
  }
  return [{ type: 'MarketCompleted', data: marketRef(state) }];
}
