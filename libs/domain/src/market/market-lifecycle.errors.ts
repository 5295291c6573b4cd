import { DomainError } from '../shared/domain.error';
import type { MarketRef } from '../shared/message';
import { marketLabel, phaseLabel, type EnrolledMarketPhase } from './market.state';

/**
 * The one `market_not_enrolled`. A decider sees an empty stream and knows only the command it refuses (a
 * string); queries (progress, history) know the market they were asked about.
 */
export class MarketNotEnrolledError extends DomainError {
  readonly code = 'market_not_enrolled';
  readonly kind = 'not_found';

  constructor(addressed: string | MarketRef) {
    super(...marketNotEnrolled(addressed));
  }
}

function marketNotEnrolled(addressed: string | MarketRef): [string, Record<string, unknown>] {
  if (typeof addressed === 'string')
    return [`Market not enrolled: enrol the market before ${addressed}`, { command: addressed }];
  const { programId, market } = addressed;
  return [`Market ${market} is not enrolled in program ${programId}.`, { programId, market }];
}

export class MarketAlreadyEnrolledError extends DomainError {
  readonly code = 'market_already_enrolled';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, phase: EnrolledMarketPhase) {
    super(`${marketLabel(ref)} is already enrolled (phase ${phaseLabel(phase)})`, { ...ref, phase });
  }
}

/** A completed market is closed history: nothing may be added to it. */
export class MarketCompletedError extends DomainError {
  readonly code = 'market_completed';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, command: string) {
    super(`${marketLabel(ref)} is completed; ${command} is no longer accepted`, { ...ref, command });
  }
}

export class MigrationAlreadyStartedError extends DomainError {
  readonly code = 'migration_already_started';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, phase: EnrolledMarketPhase) {
    super(`${marketLabel(ref)} has already started migrating (phase ${phaseLabel(phase)})`, {
      ...ref,
      phase,
    });
  }
}

export class MigrationNotStartedError extends DomainError {
  readonly code = 'migration_not_started';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, command: string) {
    super(`${marketLabel(ref)} is still planned; start the migration before ${command}`, { ...ref, command });
  }
}

/** No batches are logged while paused: a pause means the operators stopped moving data. */
export class MarketPausedError extends DomainError {
  readonly code = 'market_paused';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, command: string) {
    super(`${marketLabel(ref)} is paused; resume the migration before ${command}`, { ...ref, command });
  }
}

export class MarketNotPausedError extends DomainError {
  readonly code = 'market_not_paused';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, phase: EnrolledMarketPhase) {
    super(`${marketLabel(ref)} is not paused (phase ${phaseLabel(phase)}); only a paused migration resumes`, {
      ...ref,
      phase,
    });
  }
}

export class MarketAlreadyCutOverError extends DomainError {
  readonly code = 'market_already_cut_over';
  readonly kind = 'conflict';

  constructor(ref: MarketRef, command: string, phase: EnrolledMarketPhase) {
    super(`${marketLabel(ref)} has already cut over (phase ${phaseLabel(phase)}); ${command} is refused`, {
      ...ref,
      command,
      phase,
    });
  }
}
