import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { canonicalJson } from '@app/audit';
import { AppendOutcomeUnknownError } from '@app/event-store';
import { IdempotencyKeyReusedError } from '../errors/api.errors';
import { CLOCK, type Clock } from '../shared/clock';
import { KeyedMutex } from '../shared/keyed-mutex';
import type { IdempotentRetry } from '../write/command-context';
import { idempotencyScope, legacyIdempotencyScope, type IdempotentRequest } from './idempotency-scope';
import { IdempotencyStore, isPending, type StoredAnswer } from './idempotency.store';

/**
 * `Idempotency-Key`: the first request with a key runs and its answer is kept; a retry with the same key and
 * the same request gets that answer again (header `Idempotent-Replayed: true`) and writes nothing; the same
 * key with a different request is refused. Keys are scoped to the caller, the route pattern and the decoded
 * path parameters (see idempotencyScope). A retry of a request whose process stopped before its answer was
 * saved gets the answer of what that request wrote, if it did (its events have ids derived from the key),
 * marked as a replay like any other: the retry itself wrote nothing. A request answered 503 `outcome_unknown`
 * is handled the same way: its mark is kept and its retry settles what happened.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = idempotencyScope(request);
    request.idempotencyScope = scope;
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ body: request.body ?? null, ifMatch: request.headers['if-match'] ?? null }))
      .digest('hex');
    return from(
      this.mutex.run(`${scope} ${key}`, async () => {
        const found = this.store.find(scope, key) ?? this.answeredBeforeUpgrade(request, key);
        if (found && found.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
        if (found && !isPending(found)) {
          void reply.header('idempotent-replayed', 'true');
          return found.body;
        }
        // Pending: an earlier attempt began and its process stopped, or it runs now on another replica (the
        // records are shared). Either way the writer first looks for what a request with this key wrote; so it
        // does when another replica's attempt took the mark between our look and ours.
        const since = found?.since ?? this.clock().toISOString();
        const began = found === undefined && this.store.begin(scope, key, fingerprint, this.clock());
        const attempt: IdempotentRetry = { since, recovered: false, lookFirst: !began };
        request.idempotentRetry = attempt;
        try {
          const body = await lastValueFrom(next.handle());
          this.store.save(scope, key, { fingerprint, status: 201, body }, this.clock());
          // The writer found what another attempt with this key appended: this one wrote nothing, it replays.
          if (attempt.recovered) void reply.header('idempotent-replayed', 'true');
          return body;
        } catch (error) {
          // An append whose outcome the store could not tell may be stored: the mark stays, so the retry
          // with this key looks for what was written (by its ids) before deciding anything again.
          if (!(error instanceof AppendOutcomeUnknownError)) this.store.abandon(scope, key);
          throw error;
        }
      }),
    );
  }

  /** An answer kept under the raw-URL scope of earlier versions still replays (marks are not: see README). */
  private answeredBeforeUpgrade(request: IdempotentRequest, key: string): StoredAnswer | undefined {
    const found = this.store.find(legacyIdempotencyScope(request), key);
    return found && !isPending(found) ? found : undefined;
  }
}
