import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import type { AuditEvent } from '../verifier/audit-event';
import { parseEventLine, type BundleEvent } from './bundle-format';
import {
  eventLinesThread,
  RECORD_HASH_BYTES,
  RECORD_NUMBERS,
  type EventLinesBatch,
  type EventLinesResult,
  type EventLinesSetup,
} from './event-lines.thread';

export interface ReadEventLinesOptions {
  /** Line-parsing threads; default one per core (at most 4). 0: every line is read on the calling thread. */
  threads?: number;
  /** Files smaller than this many bytes are read on the calling thread (a thread costs ~70 ms to start). */
  threadsFrom?: number;
}

const THREADS_FROM = 16 << 20;
const CHUNK = 1 << 20;

/** A batch of whole lines: the first `length` bytes of `data`. */
interface LineBatch {
  data: ArrayBuffer;
  length: number;
}

/** One file, or the files of one log in order (format 4's parts: a line never spans two). */
export type EventFiles = string | readonly string[];

const filesOf = (files: EventFiles): readonly string[] => (typeof files === 'string' ? [files] : files);

/** The lines of the files one after the other (see fileBatches). */
async function* lineBatches(files: EventFiles): AsyncGenerator<LineBatch> {
  for (const file of filesOf(files)) yield* fileBatches(file);
}

/**
 * The file's lines, a batch of whole lines at a time (the last one perhaps without its `\n`), each batch read
 * into a buffer of its own that can move to a thread as it is (only the part line left over is copied).
 * Lines end at `\n` only, a `\r` before it dropped: the threads split batches the same way.
 */
async function* fileBatches(file: string): AsyncGenerator<LineBatch> {
  const handle = await open(file, 'r');
  try {
    let rest = Buffer.alloc(0);
    for (;;) {
      const data = new ArrayBuffer(rest.length + CHUNK);
      const buffer = Buffer.from(data);
      rest.copy(buffer);
      const { bytesRead } = await handle.read(buffer, rest.length, CHUNK, null);
      const end = rest.length + bytesRead;
      if (bytesRead === 0) {
        if (end > 0) yield { data, length: end };
        return;
      }
      const cut = buffer.lastIndexOf(10, end - 1) + 1;
      // No line ends in it yet (a line longer than a chunk): keep it all for the next read.
      rest = Buffer.from(buffer.subarray(cut, end));
      if (cut > 0) yield { data, length: cut };
    }
  } finally {
    await handle.close();
  }
}

/** The non-empty lines of a batch with their line numbers within it, and how many lines it holds. */
function splitLines({ data, length }: LineBatch): { lines: number; texts: { text: string; line: number }[] } {
  const batch = Buffer.from(data, 0, length);
  const texts: { text: string; line: number }[] = [];
  let lines = 0;
  let start = 0;
  while (start < batch.length) {
    let end = batch.indexOf(10, start);
    const next = end === -1 ? batch.length : end + 1;
    if (end === -1) end = batch.length;
    if (end > start && batch[end - 1] === 13) end -= 1;
    lines += 1;
    if (end > start) texts.push({ text: batch.toString('utf8', start, end), line: lines });
    start = next;
  }
  return { lines, texts };
}

/** Every line's event, read on the calling thread (empty lines skipped, still counted, across files). */
export async function* readEventLines(files: EventFiles): AsyncGenerator<BundleEvent> {
  let first = 1;
  for await (const batch of lineBatches(files)) {
    const { lines, texts } = splitLines(batch);
    for (const { text, line } of texts) yield parseEventLine(text, first + line - 1);
    first += lines;
  }
}

interface Pending {
  resolve: (result: EventLinesResult) => void;
  reject: (error: unknown) => void;
}

/** Line-parsing threads, fed in turn; each answers its batches in the order it got them. */
class LineThreads {
  private readonly workers: { worker: Worker; waiting: Pending[] }[];
  private next = 0;

  constructor(count: number) {
    const setup: EventLinesSetup = { auditStream: AUDIT_STREAM };
    this.workers = Array.from({ length: count }, () => {
      // Without the parent's execArgv: a -r loader such as swc-node would load a compiler into the thread.
      const worker = new Worker(`(${eventLinesThread.toString()})()`, {
        eval: true,
        execArgv: [],
        workerData: setup,
      });
      const entry = { worker, waiting: [] as Pending[] };
      worker.on('message', (result: EventLinesResult) => entry.waiting.shift()?.resolve(result));
      const fail = (error: unknown) => entry.waiting.splice(0).forEach((pending) => pending.reject(error));
      worker.on('error', fail);
      // A thread that stops without an error (killed, out of memory) must not leave its batches waiting.
      worker.on('exit', (code) => fail(new Error(`a line-parsing thread stopped (exit code ${code})`)));
      return entry;
    });
  }

  /** Parses the batch on the next thread; its buffer moves there (no copy) and is unusable here after. */
  parse({ data, length }: LineBatch): Promise<EventLinesResult> {
    const entry = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      entry.worker.postMessage({ data, length } satisfies EventLinesBatch, [data]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/** The events of a batch read on a thread, lines numbered from `first`. */
function* eventsOf(result: EventLinesResult, first: number): Generator<AuditEvent> {
  const numbers = new Float64Array(result.numbers);
  const hashes = Buffer.from(result.hashes);
  for (let i = 0; i < result.count; i++) {
    const at = i * RECORD_NUMBERS;
    const stream = numbers[at + 2];
    const lineNumber = first + numbers[at + 3] - 1;
    if (stream < 0) {
      yield parseEventLine(result.texts[-1 - stream], lineNumber);
      continue;
    }
    const offset = i * RECORD_HASH_BYTES;
    yield {
      position: BigInt(numbers[at]),
      streamId: result.streams[stream],
      revision: BigInt(numbers[at + 1]),
      type: '',
      data: undefined,
      metadata: {
        hash: hashes.toString('hex', offset, offset + 32),
        prevHash: hashes.toString('hex', offset + 32, offset + 64),
      },
      hashVerified: true,
      leafData: hashes.subarray(offset, offset + 32),
    };
  }
}

/**
 * The events of an events.ndjson, for verifying it: on large files, lines are parsed and their event text
 * hashed on threads, which send back for each such event only what the verifier checks next (position,
 * stream, revision, stored hash, the hash it links to) with `hashVerified`; `type` and `data` are then left
 * out. The audit stream's events and every line not settled there come whole, read as readEventLines does.
 * Batches are read ahead a few at a time only: memory stays flat.
 */
export async function* readEventLinesForVerification(
  files: EventFiles,
  options: ReadEventLinesOptions = {},
): AsyncGenerator<AuditEvent> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const size = filesOf(files).reduce((sum, file) => sum + statSync(file).size, 0);
  if (threads === 0 || size < (options.threadsFrom ?? THREADS_FROM)) {
    yield* readEventLines(files);
    return;
  }
  const pool = new LineThreads(threads);
  const reading: Promise<EventLinesResult>[] = [];
  let first = 1;
  try {
    for await (const batch of lineBatches(files)) {
      reading.push(pool.parse(batch));
      if (reading.length < 2 * threads) continue;
      const result = await reading.shift()!;
      yield* eventsOf(result, first);
      first += result.lines;
    }
    for (const pending of reading.splice(0)) {
      const result = await pending;
      yield* eventsOf(result, first);
      first += result.lines;
    }
  } finally {
    reading.forEach((pending) => pending.catch(() => undefined));
    await pool.close();
  }
}
