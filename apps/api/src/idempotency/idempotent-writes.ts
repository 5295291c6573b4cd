import { Inject, Injectable } from '@nestjs/common';
import { AppendOutcomeUnknownError } from '@app/event-store';
import { IdempotencyKeyReusedError } from '../errors/api.errors';
import { CLOCK, type Clock } from '../shared/clock';
import { KeyedMutex } from '../shared/keyed-mutex';
import type { IdempotentRetry, KeyedRequest, WriteResult } from '../write/command-context';
import { IdempotencyStore, isPending } from './idempotency.store';

export interface IdempotentAnswer {
  result: WriteResult;
  /** The answer is an earlier request's with this key (kept, or found in the store): this one wrote nothing. */
  replayed: boolean;
}

/**
 * `Idempotency-Key`, called by the writer for a keyed command: the first request with a key runs and its answer
 * is kept; a retry with the same key and the same request gets that answer again and writes nothing; the same
 * key with a different request is refused (422). Keys are scoped to the caller, the route pattern and the
 * decoded path parameters (see idempotencyScope). A retry of a request whose process stopped before its answer
 * was saved gets the answer of what that request wrote, if it did (its events have ids derived from the key),
 * as a replay like any other: the retry itself wrote nothing. A request answered 503 `outcome_unknown` is
 * handled the same way: its mark is kept and its retry settles what happened.
 */
@Injectable()
export class IdempotentWrites {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  run(
    request: KeyedRequest,
    write: (retry: IdempotentRetry) => Promise<WriteResult>,
  ): Promise<IdempotentAnswer> {
    const { scope, key, fingerprint } = request;
    return this.mutex.run(`${scope} ${key}`, async () => {
      const found = this.store.find(scope, key) ?? this.answeredBeforeUpgrade(request);
      if (found && found.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
      if (found && !isPending(found)) return { result: found.body as WriteResult, replayed: true };
      // Pending: an earlier attempt began and its process stopped, or it runs now on another replica (the
      // records are shared). Either way the writer first looks for what a request with this key wrote; so it
      // does when another replica's attempt took the mark between our look and ours.
      const since = found?.since ?? this.clock().toISOString();
      const began = found === undefined && this.store.begin(scope, key, fingerprint, this.clock());
      const retry: IdempotentRetry = { since, recovered: false, lookFirst: !began };
      try {
        const result = await write(retry);
        this.store.save(scope, key, { fingerprint, status: 201, body: result }, this.clock());
        // The writer found what another attempt with this key appended: this one wrote nothing, it replays.
        return { result, replayed: retry.recovered };
      } catch (error) {
        // An append whose outcome the store could not tell may be stored: the mark stays, so the retry
        // with this key looks for what was written (by its ids) before deciding anything again.
        if (!(error instanceof AppendOutcomeUnknownError)) this.store.abandon(scope, key);
        throw error;
      }
    });
  }

  /** An answer kept under the raw-URL scope of earlier versions still replays (marks are not: see README). */
  private answeredBeforeUpgrade({ legacyScope, key }: KeyedRequest) {
    const found = this.store.find(legacyScope, key);
    return found && !isPending(found) ? found : undefined;
  }
}
