/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see readEventLines) */

/** What a line-parsing thread starts from. */
export interface EventLinesSetup {
  /** Lines of this stream are always sent back whole (the caller needs their data: checkpoints, rotations). */
  auditStream: string;
}

/** Whole lines of events.ndjson, `\n`-terminated but perhaps the last. */
export interface EventLinesBatch {
  data: ArrayBuffer;
  length: number;
}

/** Doubles per record in `numbers`: position, revision, stream (index, or -1 - index of the whole text), line. */
export const RECORD_NUMBERS = 4;
/** Bytes per record in `hashes`: the stored hash, then metadata.prevHash. */
export const RECORD_HASH_BYTES = 64;

/**
 * A batch read: one record per non-empty line. A line whose event was checked here (framed as an honest
 * writer writes it, its text hashing to its stored hash, plain values) is a record of numbers and hashes;
 * any other line is sent back whole, for the caller to read exactly as a single-threaded read would.
 */
export interface EventLinesResult {
  count: number;
  /** Lines in the batch, empty ones included (line numbers go on from there). */
  lines: number;
  numbers: ArrayBuffer;
  hashes: ArrayBuffer;
  streams: string[];
  texts: string[];
}

/**
 * The body of a line-parsing thread (run from its source text: self-contained, `require` only). The checks
 * are those of parseEventLine and eventHashMatches' first test, made strict: whatever they would not settle
 * on the spot (a malformed line, another format, a hash that does not match, a value that is not plain)
 * goes back as text, so the verdict never depends on which thread read a line.
 */
export function eventLinesThread(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const crypto = require('node:crypto');
  const setup = workerData as EventLinesSetup;
  const sha256Hex: (bytes: Buffer) => string =
    typeof crypto.hash === 'function'
      ? (bytes) => crypto.hash('sha256', bytes, 'hex')
      : (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
  // A format-2 line as the writer frames it (see eventLine) with plain values: an integer position, an id and
  // a commit time of printable ASCII but `"` and `\\` (or null), a hash in lowercase hex. Such a prefix is
  // exactly what writing back its own parsed values gives, so the line parses as a whole exactly when its
  // event text does; any other line is left to parseEventLine.
  const PLAIN = '"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*"|null';
  const PREFIX = new RegExp(
    `^\\{"position":(0|[1-9][0-9]{0,15}),"id":(?:${PLAIN}),"recordedAt":(?:${PLAIN}),"hash":"([0-9a-f]{64})","event":(?=\\{)`,
  );
  const HEX = /^[0-9a-f]{64}$/;
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

  /** The record of a line whose event this thread settles, or undefined. */
  const settle = (bytes: Buffer, start: number, end: number) => {
    if (bytes[end - 1] !== 0x7d) return undefined; // "}"
    const prefix = PREFIX.exec(bytes.toString('latin1', start, Math.min(end, start + 512)));
    if (!prefix) return undefined;
    const position = Number(prefix[1]);
    const hash = prefix[2];
    const from = start + prefix[0].length;
    if (!Number.isSafeInteger(position) || sha256Hex(bytes.subarray(from, end - 1)) !== hash)
      return undefined;
    let event: unknown;
    try {
      event = JSON.parse(bytes.toString('utf8', from, end - 1));
    } catch {
      return undefined;
    }
    if (!isObject(event) || !isObject(event.metadata)) return undefined;
    const { revision, streamId } = event;
    const prevHash = event.metadata.prevHash;
    if (!Number.isSafeInteger(revision) || typeof streamId !== 'string' || streamId === setup.auditStream)
      return undefined;
    if (typeof prevHash !== 'string' || !HEX.test(prevHash)) return undefined;
    return { position, revision: revision as number, streamId, hash, prevHash };
  };

  parentPort.on('message', ({ data, length }: EventLinesBatch) => {
    const bytes = Buffer.from(data, 0, length);
    let capacity = 256;
    let numbers = new Float64Array(capacity * 4);
    let hashes = Buffer.alloc(capacity * 64);
    const streams: string[] = [];
    const streamIndex = new Map<string, number>();
    const texts: string[] = [];
    let count = 0;
    let lines = 0;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(10, start);
      const next = end === -1 ? bytes.length : end + 1;
      if (end === -1) end = bytes.length;
      if (end > start && bytes[end - 1] === 13) end -= 1; // CRLF
      lines += 1;
      if (end === start) {
        start = next;
        continue;
      }
      if (count === capacity) {
        capacity *= 2;
        const more = new Float64Array(capacity * 4);
        more.set(numbers);
        numbers = more;
        const moreHashes = Buffer.alloc(capacity * 64);
        hashes.copy(moreHashes);
        hashes = moreHashes;
      }
      const at = count * 4;
      numbers[at + 3] = lines;
      const record = settle(bytes, start, end);
      if (record) {
        let stream = streamIndex.get(record.streamId);
        if (stream === undefined) {
          stream = streams.push(record.streamId) - 1;
          streamIndex.set(record.streamId, stream);
        }
        numbers[at] = record.position;
        numbers[at + 1] = record.revision;
        numbers[at + 2] = stream;
        hashes.write(record.hash, count * 64, 'hex');
        hashes.write(record.prevHash, count * 64 + 32, 'hex');
      } else {
        numbers[at + 2] = -1 - texts.length;
        texts.push(bytes.toString('utf8', start, end));
      }
      count += 1;
      start = next;
    }
    const numbersOut = numbers.buffer.slice(0, count * 4 * 8);
    const hashesOut = hashes.buffer.slice(hashes.byteOffset, hashes.byteOffset + count * 64);
    parentPort.postMessage(
      { count, lines, numbers: numbersOut, hashes: hashesOut, streams, texts } satisfies EventLinesResult,
      [numbersOut, hashesOut],
    );
  });
}
