import { DomainError } from '../shared/domain.error';

export class ProgramAlreadyExistsError extends DomainError {
  readonly code = 'program_already_exists';
  readonly kind = 'conflict';

  constructor(programId: string) {
    super(`Program ${programId} already exists; a program is created once`, { programId });
  }
}

/**
 * Where a program was looked for: the API checks the program's stream before it writes a market's, and
 * queries look in the read models, which may lag the log by a moment (hence the hedge in that message).
 */
export type ProgramLookup = { readonly programId: string; readonly in: 'stream' | 'read_models' };

/**
 * The one `program_not_found`. A decider sees an empty stream and knows only the command it refuses (a
 * string); the market writer and the read side know the id they looked up.
 */
export class ProgramNotFoundError extends DomainError {
  readonly code = 'program_not_found';
  readonly kind = 'not_found';

  constructor(lookup: string | ProgramLookup) {
    super(...programNotFound(lookup));
  }
}

function programNotFound(lookup: string | ProgramLookup): [string, Record<string, unknown>] {
  if (typeof lookup === 'string')
    return [`Program not found: create the program before ${lookup}`, { command: lookup }];
  const { programId } = lookup;
  const message =
    lookup.in === 'stream'
      ? `Program ${programId} does not exist; create it with POST /programs first.`
      : `Program ${programId} does not exist (or is not yet in the read models).`;
  return [message, { programId }];
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
