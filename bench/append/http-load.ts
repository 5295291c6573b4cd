import { extname, join } from 'node:path';
import { LoopbackWorker } from '../support/loopback-worker';

/** One keep-alive connection sending POSTs to `paths` in order, each after the previous answer. */
export interface ClientJob {
  paths: string[];
}

export interface LoadJob {
  /** http://127.0.0.1:port — loopback only. */
  origin: string;
  clients: ClientJob[];
  body: string;
  headers: Record<string, string>;
  /** Clients stop starting requests after this long (or when their paths run out, whichever is first). */
  durationMs: number;
  /** A request unanswered after this long counts as failed. */
  timeoutMs: number;
}

export interface LoadResult {
  completed: number;
  /** Answers other than 201, timeouts and connection errors. */
  failed: number;
  statuses: Record<string, number>;
  firstFailure?: string;
  elapsedMs: number;
  /** Milliseconds, one per answered request. */
  latencies: Float64Array;
}

/**
 * Runs HTTP load from a worker thread, so the client has its own event loop (and, on two cores, its own core)
 * instead of competing with the server it measures.
 */
export class LoadGenerator extends LoopbackWorker<LoadJob, LoadResult> {
  constructor() {
    super(join(__dirname, `http-load.worker${extname(__filename)}`));
  }
}
