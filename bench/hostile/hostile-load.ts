import { extname, join } from 'node:path';
import { LoopbackWorker } from '../support/loopback-worker';

/** Hostile clients: each sends the costliest reads it can, the next one as soon as the last is answered. */
export interface HostileJob {
  /** http://127.0.0.1:port — loopback only. */
  origin: string;
  clients: number;
  headers: Record<string, string>;
  programId: string;
  markets: string[];
  /** Instants are drawn at random (to the minute) from this span, so that no answer comes from a cache. */
  fromMs: number;
  toMs: number;
  seed: number;
  /** Set to 1 to stop: every client ends after its request in flight. */
  stop: Int32Array;
  timeoutMs: number;
}

export interface HostileResult {
  /** Milliseconds, one per answered request. */
  latencies: Float64Array;
  /** Answers by route kind and status, e.g. "as-of 200", "diff 503". */
  statuses: Record<string, number>;
  /** Answers neither 200 nor the documented 503/429 refusal in the JSON error shape, and transport errors. */
  failed: number;
  firstFailure?: string;
  elapsedMs: number;
}

export class HostileLoad extends LoopbackWorker<HostileJob, HostileResult> {
  constructor() {
    super(join(__dirname, `hostile-load.worker${extname(__filename)}`));
  }
}
