import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { keyedRequest } from '../idempotency/idempotency-scope';
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

const IDEMPOTENT_ROUTE = 'tracker:idempotent-route';

/** Marks a route whose writes honour Idempotency-Key (see CommandRoute). */
export const IdempotentRoute = (): MethodDecorator => SetMetadata(IDEMPOTENT_ROUTE, true);

/**
 * Builds the CommandContext of a write from the authenticated request and its headers, the idempotency key's
 * scope and fingerprint included on an idempotent route: the writer is handed all it needs, in the open.
 */
export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CommandCtx used on a route without authentication');
  const idempotencyKey = header(request, 'idempotency-key');
  const keyed =
    idempotencyKey !== undefined &&
    typeof request.headers['idempotency-key'] === 'string' &&
    Reflect.getMetadata(IDEMPOTENT_ROUTE, context.getHandler()) === true;
  const reply = context.switchToHttp().getResponse<FastifyReply>();
  return {
    principal: request.principal,
    correlationId: header(request, 'x-correlation-id') ?? randomUUID(),
    causationId: header(request, 'x-causation-id'),
    idempotencyKey,
    idempotency: keyed ? keyedRequest(request, idempotencyKey) : undefined,
    onReplayed: () => void reply.header('idempotent-replayed', 'true'),
    expectedRevision: expectedRevision(request),
  };
});
