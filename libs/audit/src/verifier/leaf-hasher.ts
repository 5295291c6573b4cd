import { Worker } from 'node:worker_threads';
import { CompactRange } from '../merkle/compact-range';
import { leafHash } from '../merkle/merkle-hash';
import { threadRangeFactory } from '../merkle/thread-range';
import { leafDataOf } from '../tlog/leaf-data';
import { leafHasherThread, type LeafHasherMessage, type LeafHasherResult } from './leaf-hasher.thread';

/** Leaves hashed on the calling thread before the work moves to a thread of its own (starting one costs ~70 ms). */
const THREAD_AFTER = 16_384;
/** Leaves sent to the thread at a time (32 bytes each). */
const BATCH = 4096;
/** Batches sent and not yet hashed past which the caller waits (see backlogged): 16 x 128 KiB at most. */
const MAX_IN_FLIGHT = 16;

interface HasherThread {
  worker: Worker;
  data: ArrayBuffer;
  batch: Buffer;
  count: number;
  size: number;
  /** Batches posted and not yet acknowledged as hashed. */
  inFlight: number;
  drained?: () => void;
  result: Promise<LeafHasherResult>;
}

const isLeafData = (value: unknown): value is Buffer => Buffer.isBuffer(value) && value.length === 32;

/**
 * The Merkle tree of a log being verified, grown leaf by leaf, reporting its root at the sizes signed
 * checkpoints name. Small logs are hashed where they are read; past THREAD_AFTER leaves the hashing moves to a
 * thread (the caller only copies 32 bytes a leaf), so on two cores it runs alongside the reading, parsing and
 * chain checks it would otherwise add to.
 */
export class LeafHasher {
  private range = new CompactRange();
  private readonly roots = new Map<number, Buffer>();
  private readonly wanted: Set<number>;
  private thread: HasherThread | undefined;

  constructor(
    sizes: readonly number[],
    private readonly threadAfter = THREAD_AFTER,
  ) {
    this.wanted = new Set(sizes);
    if (this.wanted.has(0)) this.roots.set(0, this.range.root());
  }

  /** Leaves so far. */
  get size(): number {
    return this.thread?.size ?? this.range.size;
  }

  /** Adds the leaf of an event whose stored hash is `storedHash` (its hex text, or its 32 bytes). */
  push(storedHash: unknown): void {
    const thread = this.thread;
    if (thread) {
      const data = isLeafData(storedHash) ? storedHash : leafDataOf(storedHash);
      data.copy(thread.batch, thread.count * 32);
      thread.size += 1;
      if (++thread.count === BATCH) this.flush(thread);
      return;
    }
    this.range.append(leafHash(isLeafData(storedHash) ? storedHash : leafDataOf(storedHash)));
    if (this.wanted.has(this.range.size)) this.roots.set(this.range.size, this.range.root());
    if (this.range.size >= this.threadAfter) this.startThread();
  }

  /**
   * True when the thread has fallen behind by MAX_IN_FLIGHT batches: the caller should `await drain()` before
   * pushing more, or the batches waiting for it would grow with the log.
   */
  get backlogged(): boolean {
    return (this.thread?.inFlight ?? 0) >= MAX_IN_FLIGHT;
  }

  /** Resolves once the thread has caught up to half its allowance of batches. */
  drain(): Promise<void> {
    const thread = this.thread;
    if (!thread || thread.inFlight < MAX_IN_FLIGHT) return Promise.resolve();
    return new Promise((resolve) => (thread.drained = resolve));
  }

  /** Every root asked for that the leaves reached, by tree size. */
  async finish(): Promise<Map<number, Buffer>> {
    const thread = this.thread;
    if (!thread) return this.roots;
    this.flush(thread);
    thread.worker.postMessage({ end: true } satisfies LeafHasherMessage);
    try {
      for (const [size, root] of (await thread.result).roots) this.roots.set(size, Buffer.from(root));
    } finally {
      await thread.worker.terminate();
      this.thread = undefined;
    }
    return this.roots;
  }

  private startThread(): void {
    const worker = new Worker(`(${leafHasherThread.toString()})()`, {
      eval: true,
      // Without the parent's execArgv: a -r loader such as swc-node would load a compiler into the thread.
      execArgv: [],
      workerData: {
        size: this.range.size,
        edge: this.range.nodes(),
        sizes: [...this.wanted].filter((size) => size > this.range.size),
        rangeSource: threadRangeFactory.toString(),
      },
    });
    const data = new ArrayBuffer(BATCH * 32);
    let settle!: { resolve: (result: LeafHasherResult) => void; reject: (error: unknown) => void };
    const result = new Promise<LeafHasherResult>((resolve, reject) => (settle = { resolve, reject }));
    // Handled here so that a thread failing before finish() is not an unhandled rejection.
    result.catch(() => undefined);
    const thread: HasherThread = {
      worker,
      data,
      batch: Buffer.from(data),
      count: 0,
      size: this.range.size,
      inFlight: 0,
      result,
    };
    worker.on('message', (message: LeafHasherResult | { hashed: true }) => {
      if (!('hashed' in message)) return settle.resolve(message);
      thread.inFlight -= 1;
      if (thread.drained && thread.inFlight <= MAX_IN_FLIGHT / 2) {
        thread.drained();
        thread.drained = undefined;
      }
    });
    // A thread that fails or stops must not leave the caller waiting on drain() or finish().
    const stopped = (error: unknown) => {
      settle.reject(error);
      thread.drained?.();
      thread.drained = undefined;
    };
    worker.once('error', stopped);
    worker.once('exit', (code) => stopped(new Error(`the leaf hasher's thread stopped (exit code ${code})`)));
    this.thread = thread;
  }

  private flush(thread: HasherThread): void {
    if (thread.count === 0) return;
    // The batch moves to the thread (no copy); a fresh one takes its place.
    thread.worker.postMessage({ data: thread.data, count: thread.count } satisfies LeafHasherMessage, [
      thread.data,
    ]);
    thread.inFlight += 1;
    thread.data = new ArrayBuffer(BATCH * 32);
    thread.batch = Buffer.from(thread.data);
    thread.count = 0;
  }
}
