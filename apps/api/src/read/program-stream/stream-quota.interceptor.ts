import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { finalize, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { TooManyRequestsError } from '../../errors/api.errors';

/** A slot frees when a screen closes; a client told to come back soon will not hammer the server. */
const RETRY_AFTER_SECONDS = 10;

/**
 * At most `SSE_MAX_STREAMS_PER_KEY` live streams open per API key: a stream holds a connection, a timer and a
 * listener for as long as the client keeps it, so one leaked or hostile key must not hold them all.
 */
@Injectable()
export class StreamQuotaInterceptor implements NestInterceptor {
  private readonly open = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const key = http.getRequest<AuthenticatedRequest>().principal?.name ?? '';
    const max = this.config.http.sseMaxStreamsPerKey;
    const count = this.open.get(key) ?? 0;
    if (count >= max) {
      void http.getResponse<FastifyReply>().header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new TooManyRequestsError(
        `This key already has ${max} live streams open, the most it may; close one and retry.`,
        RETRY_AFTER_SECONDS,
        { limit: max },
      );
    }
    this.open.set(key, count + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
    try {
      // Released when the stream ends, whichever side ends it (the client closing unsubscribes).
      return next.handle().pipe(finalize(release));
    } catch (error) {
      release();
      throw error;
    }
  }
}
