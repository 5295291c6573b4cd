import { parentPort, Worker } from 'node:worker_threads';

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/;

interface JobMessage<Job> {
  id: number;
  job: Job;
}

interface ResultMessage<Result> {
  id: number;
  result: Result;
}

/**
 * A worker thread that runs HTTP jobs against a loopback server and answers each with a result: the client gets
 * its own event loop (and, on two cores, its own core) instead of competing with the server it measures.
 */
export class LoopbackWorker<Job extends { origin: string }, Result> {
  private readonly worker: Worker;
  private nextId = 0;

  constructor(file: string) {
    this.worker = new Worker(file);
  }

  run(job: Job): Promise<Result> {
    if (!LOOPBACK.test(job.origin)) {
      return Promise.reject(new Error(`Benchmarks only speak to loopback, not ${job.origin}`));
    }
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      const onMessage = (message: ResultMessage<Result>): void => {
        if (message.id !== id) return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(message.result);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage({ id, job } satisfies JobMessage<Job>);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * The thread's side of LoopbackWorker (call it in the worker file): answers each job with `run`'s result, moving
 * the latencies' buffer instead of copying it.
 */
export function serveLoopbackJobs<Job, Result extends { latencies: Float64Array }>(
  run: (job: Job) => Promise<Result>,
): void {
  parentPort?.on('message', (message: JobMessage<Job>) => {
    void run(message.job).then((result) =>
      parentPort?.postMessage({ id: message.id, result } satisfies ResultMessage<Result>, [
        result.latencies.buffer as ArrayBuffer,
      ]),
    );
  });
}
