import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import type { IdempotentRequest } from '../idempotency/idempotency-scope';
import { ValidationFailedError } from '../errors/api.errors';
import type { CommandContext } from './command-context';

const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  if (!HEADER_VALUE.test(text)) {
    throw new ValidationFailedError([
      { field: name, problems: [`${name} must be 1 to 200 visible ASCII characters`] },
    ]);
  }
  return text;
}

function expectedRevision(request: AuthenticatedRequest): bigint | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined) return undefined;
  const match = /^"?(\d{1,15})"?$/.exec(raw);
  if (!match) {
    throw new ValidationFailedError([
      {
        field: 'If-Match',
        problems: ['If-Match must be the expected stream revision, a whole number such as 4'],
      },
    ]);
  }
  return BigInt(match[1]);
}

/** Builds the CommandContext of a write from the authenticated request and its headers. */
export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<IdempotentRequest>();
  if (!request.principal) throw new Error('CommandCtx used on a route without authentication');
  return {
    principal: request.principal,
    correlationId: header(request, 'x-correlation-id') ?? randomUUID(),
    causationId: header(request, 'x-causation-id'),
    idempotencyKey: header(request, 'idempotency-key'),
    idempotencyScope: request.idempotencyScope,
    idempotentRetry: request.idempotentRetry,
    expectedRevision: expectedRevision(request),
  };
});
