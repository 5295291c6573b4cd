import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorBodyResponse } from './error-body.response';

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
};

/** What each status means across the API, with the codes it carries; a route may say more of its own. */
export const ERROR_ANSWERS = {
  400: 'Invalid input (`validation_failed`: `details.fields` names each field at fault; `malformed_json`, `json_too_deep`, `bad_request`)',
  401: 'No API key, or one the server does not know (`unauthorized`)',
  403: "The key's role may not do this (`forbidden`; `details.allowed` lists the roles that may)",
  404: 'Unknown program, market or resource (`program_not_found`, `market_not_enrolled`, `not_found`)',
  409: 'The stream is not at the `If-Match` revision (`revision_conflict`), or a rule of the migration refuses the step (its own code)',
  413: 'The body is larger than the limit (`payload_too_large`)',
  415: 'The body is not JSON (`unsupported_media_type`)',
  422: 'The `Idempotency-Key` was already used for a different request (`idempotency_key_reused`)',
  429: 'Too many requests with an unknown key from this address, or of a costly route with this key (`too_many_requests`); see Retry-After',
  503: 'The service cannot answer now (`store_unavailable`, `read_model_unavailable`)',
} as const;

export type ErrorStatus = keyof typeof ERROR_ANSWERS;

/** The statuses every route that needs a key can answer. */
export const AUTH_ERRORS: ErrorStatus[] = [401, 403, 429];

/**
 * Documents error answers with the shared `{ error, message, details }` schema. `statuses` take the common
 * description; `own` gives a route's own description of a status (both may name the same status).
 */
export function ApiErrorAnswers(
  statuses: readonly ErrorStatus[],
  own: Partial<Record<number, string>> = {},
): MethodDecorator & ClassDecorator {
  const all = new Map<number, string>(statuses.map((status) => [status, ERROR_ANSWERS[status]]));
  for (const [status, description] of Object.entries(own)) all.set(Number(status), description!);
  return applyDecorators(
    ApiExtraModels(ErrorBodyResponse),
    ...[...all].map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyResponse) } } },
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  );
}
