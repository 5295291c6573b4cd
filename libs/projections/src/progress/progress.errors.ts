import { DomainError } from '@app/domain';

export class UnknownProgramReadError extends DomainError {
  readonly code = 'program_not_found';
  readonly kind = 'not_found';

  constructor(programId: string) {
    super(`Program ${programId} does not exist (or is not yet in the read models).`, { programId });
  }
}

export class MarketNotEnrolledReadError extends DomainError {
  readonly code = 'market_not_enrolled';
  readonly kind = 'not_found';

  constructor(programId: string, market: string) {
    super(`Market ${market} is not enrolled in program ${programId}.`, { programId, market });
  }
}
