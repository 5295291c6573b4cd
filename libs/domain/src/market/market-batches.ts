export type BatchStatus = 'copied' | 'verified' | 'failed';

/** What the rules know of one batch. (Bytes are not kept: no rule reads them; the events and read models do.) */
export type BatchRecord = {
  readonly status: BatchStatus;
  /** Users in the latest copy of the batch. */
  readonly users: number;
  /** Copies made so far: 1 after the first copy, 2 after one retry, ... */
  readonly attempts: number;
};

/** The batches of a market as the deciders read them; only `evolve` writes (through MarketBatches.set). */
export interface MarketBatchesView {
  /** Batches recorded so far. */
  readonly size: number;
  get(batchId: string): BatchRecord | undefined;
  /** Ids of the batches in this status, in the order they were first recorded. */
  idsWith(status: BatchStatus): string[];
  /** What this market's batches cost in memory: its arrays' contents and headers (0 while it has none). */
  readonly byteLength: number;
}

const STATUSES: readonly BatchStatus[] = ['copied', 'verified', 'failed'];
const CODE: Record<BatchStatus, number> = { copied: 0, verified: 1, failed: 2 };
const EMPTY = 0;
/** Typed arrays a market with batches holds, and what each costs besides its contents (object, buffer). */
const ARRAYS = 6;
const ARRAY_HEADER_BYTES = 128;
const FIRST_CAPACITY = 8;
const NO_CHARS = new Uint8Array(0);
const NO_STARTS = new Uint32Array(0);
const NO_NUMBERS = new Float64Array(0);
const NO_STATUSES = new Uint8Array(0);
/** One empty bucket: every lookup in a market without batches misses at once. Never written. */
const EMPTY_TABLE = new Uint32Array(1);

/** FNV-1a over the UTF-16 code units of the id. */
function hashOf(batchId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < batchId.length; i++) hash = Math.imul(hash ^ batchId.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The same hash over code units already stored. */
function hashOfChars(chars: Uint8Array | Uint16Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ chars[at], 0x01000193);
  return hash >>> 0;
}

/**
 * A market's batches, packed: a market holds thousands of them, and the writer keeps the state of thousands
 * of markets, so an object and a property per batch (about 150 heap bytes each, most of it the object and the
 * dictionary entry) is replaced by typed arrays indexed by a slot per batch:
 * - the ids' UTF-16 code units, end to end, with each slot's start offset (ids are kept exactly: the cutover
 *   error lists pending ones, and lookups compare them in full, so hash collisions cost time, never a mix-up),
 *   one byte each while all ids are Latin-1;
 * - users and attempts as float64 (exact for every safe integer: users are at most 10^10 through the API, and
 *   attempts grow by one per retry), status as one byte;
 * - an open-addressing table (linear probing, at most half full) from an id's hash to slot + 1.
 * Batches are never removed, so slots are handed out in order and the arrays only grow (doubling).
 *
 * Mutable, as the record it replaces was: `set` updates in place so that a fold stays linear (see
 * market.evolve.ts); a state must not be used after it was evolved.
 */
export class MarketBatches implements MarketBatchesView {
  private count = 0;
  // Shared empty arrays until the first batch: a market that has none yet costs no arrays of its own.
  /** One byte per code unit while every id is Latin-1 (the API allows only ASCII ids); two bytes after. */
  private chars: Uint8Array | Uint16Array = NO_CHARS;
  private charsUsed = 0;
  /** Start of slot i's id in `chars`; its end is the start of slot i + 1 (or charsUsed for the last). */
  private starts = NO_STARTS;
  private users = NO_NUMBERS;
  private attempts = NO_NUMBERS;
  private statuses = NO_STATUSES;
  private table = EMPTY_TABLE;

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    if (this.count === 0) return 0;
    return (
      ARRAYS * ARRAY_HEADER_BYTES +
      this.chars.byteLength +
      this.starts.byteLength +
      this.users.byteLength +
      this.attempts.byteLength +
      this.statuses.byteLength +
      this.table.byteLength
    );
  }

  get(batchId: string): BatchRecord | undefined {
    const slot = this.slotOf(batchId);
    if (slot < 0) return undefined;
    return { status: STATUSES[this.statuses[slot]], users: this.users[slot], attempts: this.attempts[slot] };
  }

  /** Records the batch's latest facts (a new batch takes the next slot). Only `evolve` calls this. */
  set(batchId: string, record: BatchRecord): void {
    let slot = this.slotOf(batchId);
    if (slot < 0) slot = this.add(batchId);
    this.statuses[slot] = CODE[record.status];
    this.users[slot] = record.users;
    this.attempts[slot] = record.attempts;
  }

  idsWith(status: BatchStatus): string[] {
    const code = CODE[status];
    const ids: string[] = [];
    for (let slot = 0; slot < this.count; slot++) if (this.statuses[slot] === code) ids.push(this.idAt(slot));
    return ids;
  }

  /** Every batch by id, in the order first recorded: for logs and tests (JSON.stringify uses it). */
  toJSON(): Record<string, BatchRecord> {
    const all: Record<string, BatchRecord> = {};
    for (let slot = 0; slot < this.count; slot++) {
      const id = this.idAt(slot);
      all[id] = this.get(id) as BatchRecord;
    }
    return all;
  }

  private endOf(slot: number): number {
    return slot + 1 < this.count ? this.starts[slot + 1] : this.charsUsed;
  }

  private idAt(slot: number): string {
    let id = '';
    const end = this.endOf(slot);
    for (let at = this.starts[slot]; at < end; at++) id += String.fromCharCode(this.chars[at]);
    return id;
  }

  private sameId(slot: number, batchId: string): boolean {
    const start = this.starts[slot];
    const end = this.endOf(slot);
    if (end - start !== batchId.length) return false;
    for (let i = 0; i < batchId.length; i++)
      if (this.chars[start + i] !== batchId.charCodeAt(i)) return false;
    return true;
  }

  /** The batch's slot, or -1. */
  private slotOf(batchId: string): number {
    const mask = this.table.length - 1;
    for (let at = hashOf(batchId) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at];
      if (entry === EMPTY) return -1;
      if (this.sameId(entry - 1, batchId)) return entry - 1;
    }
  }

  private add(batchId: string): number {
    if (this.count === this.starts.length) this.growSlots();
    const needed = this.charsUsed + batchId.length;
    if (this.chars instanceof Uint8Array && !isLatin1(batchId)) {
      const wide = new Uint16Array(Math.max(this.chars.length, needed));
      wide.set(this.chars);
      this.chars = wide;
    }
    if (needed > this.chars.length) {
      this.chars = grown(this.chars, Math.max(this.chars.length * 2, needed, FIRST_CAPACITY * 8));
    }
    const slot = this.count++;
    this.starts[slot] = this.charsUsed;
    for (let i = 0; i < batchId.length; i++) this.chars[this.charsUsed++] = batchId.charCodeAt(i);
    this.place(hashOf(batchId), slot);
    return slot;
  }

  private place(hash: number, slot: number): void {
    const mask = this.table.length - 1;
    let at = hash & mask;
    while (this.table[at] !== EMPTY) at = (at + 1) & mask;
    this.table[at] = slot + 1;
  }

  private growSlots(): void {
    const capacity = Math.max(this.starts.length * 2, FIRST_CAPACITY);
    this.starts = grown(this.starts, capacity);
    this.users = grown(this.users, capacity);
    this.attempts = grown(this.attempts, capacity);
    this.statuses = grown(this.statuses, capacity);
    // The table stays at most half full: rebuilt at twice the slots.
    this.table = new Uint32Array(capacity * 2);
    for (let slot = 0; slot < this.count; slot++) {
      this.place(hashOfChars(this.chars, this.starts[slot], this.endOf(slot)), slot);
    }
  }
}

/** A longer copy of the array. */
function grown<A extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: A, length: number): A {
  const next = new (array.constructor as new (length: number) => A)(length);
  next.set(array);
  return next;
}

const isLatin1 = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
};
