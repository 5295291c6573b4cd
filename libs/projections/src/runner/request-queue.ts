/**
 * Requests that change generations (rebuild, retry, skip) run on the runner's loop between two batches, never
 * while a page of the log is in flight for a lane they would change.
 */
export class RequestQueue {
  private readonly queued: Array<() => void> = [];

  get size(): number {
    return this.queued.length;
  }

  /** Resolves with the action's result once `runAll` ran it (rejects with what it threw). */
  enqueue<T>(action: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.queued.push(() => {
        try {
          resolve(action());
        } catch (error) {
          reject(error);
        }
      }),
    );
  }

  /** Runs everything queued so far; true when there was something to run. */
  runAll(): boolean {
    const requests = this.queued.splice(0);
    for (const request of requests) request();
    return requests.length > 0;
  }
}
