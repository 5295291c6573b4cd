import { applyDecorators, Get, UseInterceptors, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../errors/api-errors.decorator';
import { ETagInterceptor } from './etag.interceptor';

const ETAG = {
  ETag: {
    description: "weak validator of the answer's content; send it back as If-None-Match",
    schema: { type: 'string' },
  },
} as const;

const READ_MODEL_BEHIND =
  'The read models did not reach `minPosition` in time (`read_model_behind`), or are being built ' +
  '(`read_model_unavailable`); retry shortly';

/**
 * A read route: any valid key, ETag / If-None-Match, `?minPosition=` for read-your-writes. `busy` documents
 * the 503 of a route whose answer may be a replay of the past (`?asOf=`).
 */
export function QueryRoute(
  path: string,
  summary: string,
  type: Type<unknown>,
  options: { asOf?: boolean } = {},
): MethodDecorator {
  return applyDecorators(
    Get(path),
    UseInterceptors(ETagInterceptor),
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'an ETag of an earlier answer: 304 when unchanged',
    }),
    ApiOkResponse({ type, headers: ETAG }),
    ApiResponse({
      status: 304,
      description: 'not modified since the ETag sent in If-None-Match',
      headers: ETAG,
    }),
    ApiErrorAnswers([400, 401, 404, 429, 503], {
      503: options.asOf
        ? `${READ_MODEL_BEHIND}; with \`asOf\`, every replay slot and the queue are taken (\`replays_busy\`, see Retry-After)`
        : READ_MODEL_BEHIND,
      ...(options.asOf
        ? {
            429: 'Too many replays of the past (`?asOf=`) with this key, or requests with an unknown key from this address (`too_many_requests`); see Retry-After',
          }
        : {}),
    }),
  );
}
