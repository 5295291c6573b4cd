import { DomainError } from '../shared/domain.error';

export class ProgramAlreadyExistsError extends DomainError {
  readonly code = 'program_already_exists';
  readonly kind = 'conflict';

  constructor(programId: string) {
    super(`Program ${programId} already exists; a program is created once`, { programId });
  }
}

export class ProgramNotFoundError extends DomainError {
  readonly code = 'program_not_found';
  readonly kind = 'not_found';

  /** The program stream is empty, so only the caller knows which id it asked for. */
  constructor(command: string) {
    super(`Program not found: create the program before ${command}`, { command });
  }
}

export class DeadlineUnchangedError extends DomainError {
  readonly code = 'deadline_unchanged';
  readonly kind = 'conflict';

  constructor(programId: string, deadline: string) {
    super(`Program ${programId} already has deadline ${deadline}; a revision must change it`, {
      programId,
      deadline,
    });
  }
}
