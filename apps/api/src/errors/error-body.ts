import { HttpException } from '@nestjs/common';
import { DomainError } from '@app/domain';
import {
  AppendOutcomeUnknownError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '@app/event-store';
import {
  ProjectionNotFailedError,
  ProjectionUnavailableError,
  UnknownProjectionError,
} from '@app/projections';
import { ApiError } from './api.errors';

export interface ErrorBody {
  error: string;
  message: string;
  details: Record<string, unknown>;
}

const DOMAIN_STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  503: 'unavailable',
};

/** Nest turns Fastify's own errors (malformed JSON, body too large, bad media type) into HttpExceptions. */
function fromHttpException(error: HttpException): [number, ErrorBody] {
  const status = error.getStatus();
  const malformed = status === 400 && /json/i.test(error.message);
  const code = malformed ? 'malformed_json' : (HTTP_CODES[status] ?? 'http_error');
  const response = error.getResponse();
  // Health answers 503 with the state of each indicator: keep it.
  const details = status === 503 && typeof response === 'object' && response !== null ? { ...response } : {};
  return [status, { error: code, message: error.message, details }];
}

/**
 * A client error raised as an http-errors object (status, `expose: true`), as the static files' conditional and
 * range requests raise them (If-Match or If-Unmodified-Since not met: 412; an unsatisfiable Range: 416).
 */
function clientHttpError(error: unknown): [number, ErrorBody] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  const text = typeof message === 'string' ? message : `HTTP ${status}`;
  return [status, { error: HTTP_CODES[status] ?? 'http_error', message: text, details: {} }];
}

/** Maps any error to a status and the documented JSON body. Unknown errors give 500 (and are logged). */
export function toErrorBody(error: unknown): [number, ErrorBody] {
  if (error instanceof ApiError)
    return [error.status, { error: error.code, message: error.message, details: error.details }];
  if (error instanceof DomainError) {
    return [
      DOMAIN_STATUS[error.kind],
      { error: error.code, message: error.message, details: { ...error.details } },
    ];
  }
  if (error instanceof WrongExpectedRevisionError) {
    const details = {
      streamId: error.streamId,
      expectedRevision: String(error.expected),
      actualRevision: String(error.actual),
    };
    return [409, { error: 'revision_conflict', message: error.message, details }];
  }
  if (error instanceof DuplicateEventIdError) {
    return [409, { error: 'duplicate_event', message: error.message, details: { streamId: error.streamId } }];
  }
  if (error instanceof AppendOutcomeUnknownError) {
    const message =
      'The event store did not say whether this step was written. Retry with the same Idempotency-Key to ' +
      'get its outcome; without a key, read the stream before sending it again.';
    return [503, { error: 'outcome_unknown', message, details: { streamId: error.streamId } }];
  }
  if (error instanceof EventStoreUnavailableError) {
    return [
      503,
      {
        error: 'store_unavailable',
        message: 'The event store is not available; nothing was written. Retry later.',
        details: {},
      },
    ];
  }
  if (error instanceof UnknownProjectionError) {
    return [
      404,
      { error: 'unknown_projection', message: error.message, details: { projection: error.projectionName } },
    ];
  }
  if (error instanceof ProjectionNotFailedError) {
    return [
      409,
      {
        error: 'projection_not_failed',
        message: error.message,
        details: { projection: error.projectionName },
      },
    ];
  }
  if (error instanceof ProjectionUnavailableError) {
    return [
      503,
      {
        error: 'read_model_unavailable',
        message: 'The read models are being built; retry shortly.',
        details: { projection: error.projectionName },
      },
    ];
  }
  if (error instanceof HttpException) return fromHttpException(error);
  const client = clientHttpError(error);
  if (client) return client;
  return [
    500,
    { error: 'internal_error', message: 'An unexpected error occurred; it has been logged.', details: {} },
  ];
}
