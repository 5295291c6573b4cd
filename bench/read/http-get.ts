import { extname, join } from 'node:path';
import { LoopbackWorker } from '../support/loopback-worker';

/** N sequential GETs over one keep-alive connection, from a worker thread (the server keeps its own loop). */
export interface GetJob {
  /** http://127.0.0.1:port — loopback only. */
  origin: string;
  /** Requested in order, each after the previous answer. */
  paths: string[];
  headers: Record<string, string>;
  timeoutMs: number;
  /**
   * A server clock to move before each request: `Atomics.store(ticks, 0, first + i)` before request i, for a
   * server whose clock reads `base + Atomics.load(ticks, 0) * stepMs` (see ShiftedClock).
   */
  clock?: { ticks: Int32Array; first: number };
}

export interface GetResult {
  /** Milliseconds, one per 200 answer. */
  latencies: Float64Array;
  failed: number;
  firstFailure?: string;
  /** Body bytes of the last answer. */
  lastBytes: number;
  elapsedMs: number;
}

export class GetClient extends LoopbackWorker<GetJob, GetResult> {
  constructor() {
    super(join(__dirname, `http-get.worker${extname(__filename)}`));
  }
}

/** "Now" for a read API: `base` plus a number of `stepMs` steps that a GetClient may move between requests. */
export class ShiftedClock {
  readonly ticks = new Int32Array(new SharedArrayBuffer(4));
  private readonly base: number;

  constructor(
    base: string,
    private readonly stepMs: number,
  ) {
    this.base = Date.parse(base);
  }

  readonly now = (): Date => new Date(this.base + Atomics.load(this.ticks, 0) * this.stepMs);

  reset(): void {
    Atomics.store(this.ticks, 0, 0);
  }
}
