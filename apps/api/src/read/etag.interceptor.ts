import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

/** `asOf` says when an answer was computed; it alone changing is not a change of the content. */
const replacer = (key: string, value: unknown) => (key === 'asOf' ? undefined : value);

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''));
}

/** Weak ETag over the answer's content; `If-None-Match` with it gets 304 and no body. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = `W/"${createHash('sha256').update(JSON.stringify(body, replacer)).digest('base64url').slice(0, 27)}"`;
        void reply.header('etag', etag).header('cache-control', 'no-cache');
        if (!matches(request.headers['if-none-match'], etag)) return body;
        void reply.status(304);
        return undefined;
      }),
    );
  }
}
