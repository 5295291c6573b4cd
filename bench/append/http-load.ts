import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

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
export class LoadGenerator {
  private readonly worker = new Worker(join(__dirname, `http-load.worker${extname(__filename)}`));
  private nextId = 0;

  run(job: LoadJob): Promise<LoadResult> {
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(job.origin)) {
      return Promise.reject(new Error(`Benchmarks only speak to loopback, not ${job.origin}`));
    }
    const id = this.nextId++;
    return new Promise<LoadResult>((resolve, reject) => {
      const onMessage = (message: { id: number; result: LoadResult }): void => {
        if (message.id !== id) return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(message.result);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
