import { DomainError } from '../shared/domain.error';
import type { MarketRef } from '../shared/message';
import { marketLabel, phaseLabel, type EnrolledMarketPhase } from './market.state';

/** Cutover switches users to the new region, so every user in scope must already be there and checked. */
export class CutoverBeforeAllVerifiedError extends DomainError {
  readonly code = 'cutover_before_all_verified';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, usersInScope: number, verifiedUsers: number) {
    super(
      `${marketLabel(ref)} cannot cut over: ${verifiedUsers} of ${usersInScope} users in scope are verified`,
      { ...ref, usersInScope, verifiedUsers },
    );
  }
}

export class UnverifiedBatchesPendingError extends DomainError {
  readonly code = 'unverified_batches_pending';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, batchIds: string[], copiedUsers: number) {
    super(
      `${marketLabel(ref)} cannot cut over: batches ${batchIds.join(', ')} (${copiedUsers} users) ` +
        'are copied but not yet verified or failed',
      { ...ref, batchIds, copiedUsers },
    );
  }
}

/** Deleting the source copy is irreversible, so it waits until users are served from the new region. */
export class PurgeBeforeCutoverError extends DomainError {
  readonly code = 'purge_before_cutover';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, phase: EnrolledMarketPhase) {
    super(`${marketLabel(ref)} cannot purge source data before cutover (phase ${phaseLabel(phase)})`, {
      ...ref,
      phase,
    });
  }
}

export class SourceAlreadyPurgedError extends DomainError {
  readonly code = 'source_already_purged';
  readonly kind = 'conflict';

  constructor(ref: MarketRef) {
    super(`${marketLabel(ref)} has already purged its source data`, { ...ref });
  }
}

export class EvidenceRequiredError extends DomainError {
  readonly code = 'evidence_required';
  readonly kind = 'invalid';

  constructor(command: string) {
    super(`${command} needs non-blank evidence that the source data is gone`, { command, field: 'evidence' });
  }
}

export class CompletionBeforePurgeError extends DomainError {
  readonly code = 'completion_before_purge';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, phase: EnrolledMarketPhase) {
    super(
      `${marketLabel(ref)} cannot complete before its source data is purged (phase ${phaseLabel(phase)})`,
      {
        ...ref,
        phase,
      },
    );
  }
}
