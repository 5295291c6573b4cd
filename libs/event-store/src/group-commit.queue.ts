export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Pending<Request, Result> {
  request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: requests that arrive in the same event-loop turn are handed to `commitBatch` together, so they
 * share one transaction and one fsync. `commitBatch` returns one outcome per request, in order; each promise
 * settles only after `commitBatch` returned, that is after the commit. If `commitBatch` throws (the commit
 * itself failed), every request of the batch is rejected with that error.
 */
export class GroupCommitQueue<Request, Result> {
  private pending: Pending<Request, Result>[] = [];
  private scheduled = false;

  constructor(private readonly commitBatch: (requests: Request[]) => Outcome<Result>[]) {}

  enqueue(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the I/O callbacks of this turn: every request parsed in it joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is queued now (also called by close() so that nothing queued is lost). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome<Result>[];
    try {
      outcomes = this.commitBatch(batch.map((entry) => entry.request));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }
}
