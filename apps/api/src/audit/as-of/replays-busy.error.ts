import { ApiError } from '../../errors/api.errors';

/**
 * 503: every replay slot is taken and the queue is full. The server is busy, not the client over its quota
 * (that is the rate limit's 429): another client's replays can fill it. `Retry-After` goes with it.
 */
export class ReplaysBusyError extends ApiError {
  constructor(running: number, queued: number, retryAfterSeconds: number) {
    super(
      503,
      'replays_busy',
      `The server is computing ${running} replays of the past with ${queued} more waiting, the most it takes; retry in ${retryAfterSeconds} s.`,
      { running, queued, retryAfterSeconds },
    );
  }
}
