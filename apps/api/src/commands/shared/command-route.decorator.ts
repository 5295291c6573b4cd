import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { IdempotentRoute } from '../../write/command-context.decorator';
import { WriteResultDto } from './write-result.dto';

/** A write route: operator only, 201 with the new revision, Idempotency-Key and If-Match honoured. */
export function CommandRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(201),
    Roles('operator'),
    IdempotentRoute(),
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'a retry with the same key returns the first answer and writes nothing',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'expected stream revision; 409 `revision_conflict` when the stream has moved on',
      schema: { type: 'integer', minimum: 0 },
    }),
    ApiCreatedResponse({
      type: WriteResultDto,
      headers: {
        'Idempotent-Replayed': {
          description:
            '`true` when this is the saved answer of an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
      },
    }),
    ApiErrorAnswers([400, 401, 403, 404, 409, 413, 415, 422, 429, 503], {
      503:
        'Nothing is known to be written: the store is unavailable (`store_unavailable`), or it did not say whether ' +
        'the step was written (`outcome_unknown`: retry with the same Idempotency-Key to learn the outcome)',
    }),
  );
}
