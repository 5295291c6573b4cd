/** How a caller should read a rejection: the thing is missing, the request clashes with history, or it is malformed. */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid';

/**
 * Base of every rule the domain enforces. `code` is a stable snake_case contract (clients branch on it),
 * `message` is for people and may be reworded, `details` holds the values the rule was checked against.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  readonly details: Readonly<Record<string, unknown>>;

  protected constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}
