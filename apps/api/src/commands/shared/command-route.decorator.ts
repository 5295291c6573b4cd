import { applyDecorators, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor';
import { WriteResultDto } from './write-result.dto';

/** A write route: operator only, 201 with the new revision, Idempotency-Key and If-Match honoured. */
export function CommandRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(201),
    Roles('operator'),
    UseInterceptors(IdempotencyInterceptor),
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
      description: 'expected stream revision; 409 when the stream has moved on',
    }),
    ApiCreatedResponse({ type: WriteResultDto }),
    ApiResponse({ status: 400, description: 'invalid input: `details.fields` names each field at fault' }),
    ApiResponse({ status: 401, description: 'no or unknown API key' }),
    ApiResponse({ status: 403, description: 'the key is not an operator key' }),
    ApiResponse({ status: 404, description: 'unknown program or market' }),
    ApiResponse({
      status: 409,
      description: 'revision conflict, or a rule of the migration refuses the step',
    }),
    ApiResponse({ status: 413, description: 'body too large' }),
  );
}
