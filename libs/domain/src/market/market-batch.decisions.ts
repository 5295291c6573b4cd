import { requireReason } from '../shared/validation.errors';
import type {
  RecordBatchCopiedData,
  RecordBatchFailedData,
  RecordBatchVerifiedData,
} from './market.commands';
import type { BatchCopied, BatchFailed, BatchVerified } from './market.events';
import {
  BatchAlreadyCopiedError,
  BatchAlreadyVerifiedError,
  BatchNotCopiedError,
  ScopeExceededError,
  type ScopeCounts,
} from './market-batch.errors';
import { requireMigrating } from './market.guards';
import { marketRef, type BatchRecord, type EnrolledMarket } from './market.state';

const scopeCounts = (state: EnrolledMarket): ScopeCounts => ({
  usersInScope: state.usersInScope,
  verifiedUsers: state.verifiedUsers,
  copiedUsers: state.copiedUsers,
});

/** A batch that verification or failure can act on: it must hold a copy awaiting judgement. */
function requireCopiedBatch(state: EnrolledMarket, batchId: string): BatchRecord {
  const batch = state.batches.get(batchId);
  if (batch === undefined) {
    throw new BatchNotCopiedError(marketRef(state), batchId, 'unknown');
  }
  if (batch.status === 'failed') {
    throw new BatchNotCopiedError(marketRef(state), batchId, 'failed');
  }
  if (batch.status === 'verified') {
    throw new BatchAlreadyVerifiedError(marketRef(state), batchId);
  }
  return batch;
}

export function recordBatchCopied(state: EnrolledMarket, data: RecordBatchCopiedData): BatchCopied[] {
  requireMigrating(state, 'RecordBatchCopied');
  const { batchId, users, bytes } = data;
  const previous = state.batches.get(batchId);
  if (previous !== undefined && previous.status !== 'failed') {
    throw new BatchAlreadyCopiedError(marketRef(state), batchId, previous.status);
  }
  // Copied users count against scope too, so that verifying every open batch can never overshoot it.
  if (state.verifiedUsers + state.copiedUsers + users > state.usersInScope) {
    throw new ScopeExceededError(marketRef(state), batchId, users, scopeCounts(state));
  }
  const attempt = (previous?.attempts ?? 0) + 1;
  return [
    {
      type: 'BatchCopied',
      data: { ...marketRef(state), batchId, users, ...(bytes === undefined ? {} : { bytes }), attempt },
    },
  ];
}

export function recordBatchVerified(state: EnrolledMarket, data: RecordBatchVerifiedData): BatchVerified[] {
  requireMigrating(state, 'RecordBatchVerified');
  const { batchId, checksum } = data;
  const batch = requireCopiedBatch(state, batchId);
  // Unreachable for streams written under the copy rule above; guards histories recorded before it.
  if (state.verifiedUsers + batch.users > state.usersInScope) {
    throw new ScopeExceededError(marketRef(state), batchId, batch.users, scopeCounts(state));
  }
  return [
    {
      type: 'BatchVerified',
      data: {
        ...marketRef(state),
        batchId,
        users: batch.users,
        ...(checksum === undefined ? {} : { checksum }),
      },
    },
  ];
}

export function recordBatchFailed(state: EnrolledMarket, data: RecordBatchFailedData): BatchFailed[] {
  const { batchId, reason } = data;
  requireReason('RecordBatchFailed', reason);
  requireMigrating(state, 'RecordBatchFailed');
  const batch = requireCopiedBatch(state, batchId);
  return [
    {
      type: 'BatchFailed',
      data: { ...marketRef(state), batchId, users: batch.users, reason, attempt: batch.attempts },
    },
  ];
}
