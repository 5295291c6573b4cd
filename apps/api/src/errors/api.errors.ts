/** An error of the HTTP layer with its status, stable code and details: rendered as `{ error, message, details }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

export class ValidationFailedError extends ApiError {
  constructor(readonly fields: FieldProblem[]) {
    const summary = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
    super(400, 'validation_failed', `Invalid input. ${summary}`, { fields });
  }
}

const UNAUTHORIZED = {
  missing: 'An API key is required: send "Authorization: Bearer <key>".',
  invalid: 'The API key is not valid.',
  metrics_token: 'The metrics need "Authorization: Bearer <METRICS_TOKEN>".',
} as const;

/** The one `unauthorized` (401): no API key, a key that is not valid, or /metrics without its token. */
export class UnauthorizedError extends ApiError {
  constructor(reason: keyof typeof UNAUTHORIZED) {
    super(401, 'unauthorized', UNAUTHORIZED[reason]);
  }
}

export class ForbiddenRoleError extends ApiError {
  constructor(role: string, allowed: readonly string[]) {
    super(403, 'forbidden', `The ${role} role may not do this; it needs one of: ${allowed.join(', ')}.`, {
      role,
      allowed,
    });
  }
}

export class RevisionConflictError extends ApiError {
  constructor(streamId: string, expected: string, actual: string) {
    super(
      409,
      'revision_conflict',
      `Stream ${streamId} is at revision ${actual}, not the expected ${expected}.`,
      {
        streamId,
        expectedRevision: expected,
        actualRevision: actual,
      },
    );
  }
}

export class IdempotencyKeyReusedError extends ApiError {
  constructor(key: string) {
    super(
      422,
      'idempotency_key_reused',
      `Idempotency-Key "${key}" was already used for a different request.`,
      {
        field: 'Idempotency-Key',
      },
    );
  }
}

/** 429: a rate limit or a cap was reached; `Retry-After` (seconds) goes with it. */
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details: Record<string, unknown> = {},
  ) {
    super(429, 'too_many_requests', message, { retryAfterSeconds, ...details });
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than the limit of ${limitBytes} bytes.`, {
      limitBytes,
    });
  }
}

export class JsonTooDeepError extends ApiError {
  constructor(maxDepth: number) {
    super(400, 'json_too_deep', `The JSON body is nested deeper than ${maxDepth} levels.`, { maxDepth });
  }
}
