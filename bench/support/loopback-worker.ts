import { Worker } from 'node:worker_threads';

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/;

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
      const onMessage = (message: { id: number; result: Result }): void => {
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
