import { DomainError } from '../shared/domain.error';
import type { MarketRef } from '../shared/message';
import { marketLabel, type BatchStatus } from './market.state';

export type ScopeCounts = {
  readonly usersInScope: number;
  readonly verifiedUsers: number;
  readonly copiedUsers: number;
};

export class ScopeUnchangedError extends DomainError {
  readonly code = 'scope_unchanged';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, usersInScope: number) {
    super(`${marketLabel(ref)} already has ${usersInScope} users in scope; a revision must change it`, {
      ...ref,
      usersInScope,
    });
  }
}

/** Scope may shrink, but never below users already copied or verified: they cannot be un-migrated. */
export class ScopeBelowProgressError extends DomainError {
  readonly code = 'scope_below_progress';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, requested: number, counts: ScopeCounts) {
    super(
      `${marketLabel(ref)} cannot shrink scope to ${requested} users: ${counts.verifiedUsers} verified + ` +
        `${counts.copiedUsers} copied already`,
      { ...ref, requestedUsersInScope: requested, ...counts },
    );
  }
}

/** Verified (and copied) users never exceed the users in scope. */
export class ScopeExceededError extends DomainError {
  readonly code = 'scope_exceeded';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, batchId: string, users: number, counts: ScopeCounts) {
    super(
      `${marketLabel(ref)}: batch ${batchId} of ${users} users would exceed the ${counts.usersInScope} users ` +
        `in scope (${counts.verifiedUsers} verified, ${counts.copiedUsers} copied)`,
      { ...ref, batchId, users, ...counts },
    );
  }
}

export class BatchAlreadyCopiedError extends DomainError {
  readonly code = 'batch_already_copied';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, batchId: string, status: Exclude<BatchStatus, 'failed'>) {
    super(`${marketLabel(ref)}: batch ${batchId} is already ${status}; only a failed batch is copied again`, {
      ...ref,
      batchId,
      status,
    });
  }
}

/** A batch is verified or failed only after a copy; a failed batch must be copied again first. */
export class BatchNotCopiedError extends DomainError {
  readonly code = 'batch_not_copied';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, batchId: string, status: 'unknown' | 'failed') {
    const why = status === 'unknown' ? 'was never copied' : 'failed and must be copied again first';
    super(`${marketLabel(ref)}: batch ${batchId} ${why}`, { ...ref, batchId, status });
  }
}

export class BatchAlreadyVerifiedError extends DomainError {
  readonly code = 'batch_already_verified';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, batchId: string) {
    super(`${marketLabel(ref)}: batch ${batchId} is already verified; a batch is verified once`, {
      ...ref,
      batchId,
    });
  }
}
