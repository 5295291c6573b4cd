import { ReplaysBusyError } from './replays-busy.error';

/** A queued replay waits about one replay (tens to hundreds of ms): a second is a fair time to come back. */
const RETRY_AFTER_SECONDS = 1;

/**
 * At most `concurrency` replays at once and `queueLimit` waiting, in arrival order; one more is refused at
 * once (ReplaysBusyError) rather than left to pile up memory and latency. Replays share the main thread in
 * slices, so running fewer at once does not slow the server's other answers; it bounds how much is in
 * flight, and with one at a time only one replay's slice runs between two rounds of other requests.
 */
export class ReplayLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1)
      throw new RangeError(`Invalid concurrency ${concurrency}`);
    if (!Number.isSafeInteger(queueLimit) || queueLimit < 0)
      throw new RangeError(`Invalid queue limit ${queueLimit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.concurrency) this.active++;
    else if (this.waiting.length < this.queueLimit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve)); // the finishing task's slot, handed over
    } else {
      throw new ReplaysBusyError(this.active, this.waiting.length, RETRY_AFTER_SECONDS);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
