import { DomainError } from './domain.error';

/** Deadline and scope revisions, pauses and batch failures must say why: auditors read the reason later. */
export class ReasonRequiredError extends DomainError {
  readonly code = 'reason_required';
  readonly kind = 'invalid';

  constructor(command: string) {
    super(`${command} needs a non-blank reason`, { command, field: 'reason' });
  }
}

export const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

/** Throws ReasonRequiredError when the reason is missing or only whitespace. */
export function requireReason(command: string, reason: string | undefined): void {
  if (isBlank(reason)) {
    throw new ReasonRequiredError(command);
  }
}
