/** What the writer knows of a stream after folding it up to `revision`. */
export interface StreamSnapshot<State> {
  /** Revision of the last folded event; -1n for a stream with no events. */
  revision: bigint;
  position: bigint;
  state: State;
  headHash: string;
}

/** `WRITE_CACHE_MB` unset: what the folded states of the write side may take, in bytes. */
export const DEFAULT_WRITE_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * What one entry costs apart from its batches: the map entry and its stream id, the snapshot with its two
 * bigints and its head hash, the state object with its strings (program, market, region, ...). Measured at
 * about 570 bytes for a market without batches; rounded up.
 */
export const ENTRY_BYTES = 1024;

/**
 * An entry's weight, estimated from what the state reports (the heap cannot be asked about one object):
 * ENTRY_BYTES, plus what a market's packed batches hold (MarketBatches.byteLength: about 45-60 bytes a batch
 * with ids of 10-14 characters, up to twice that just after its arrays doubled). Against heap measurements of
 * 10k-entry caches of markets of 0 to 4,000 batches, the weights are within 5% for markets with batches and
 * about twice the measure (1,024 for 570 bytes) for markets without.
 */
export function snapshotBytes(snapshot: StreamSnapshot<unknown>): number {
  const batches = (snapshot.state as { batches?: { byteLength?: unknown } } | undefined)?.batches;
  return ENTRY_BYTES + (typeof batches?.byteLength === 'number' ? batches.byteLength : 0);
}

/**
 * Folded stream states kept between commands so that a command reads only the events appended since, not
 * the whole stream. Bounded in bytes (each entry weighed by `weigh`, again on every update since a market
 * grows): past the budget the least recently used entries go first, and an entry heavier than the whole
 * budget is not kept. An evicted stream is folded again from its first event on its next command. Safe with
 * other writers, because every load still reads whatever follows the cached revision.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, { snapshot: StreamSnapshot<unknown>; bytes: number }>();
  private total = 0;
  private evicted = 0;

  constructor(
    readonly budgetBytes = DEFAULT_WRITE_CACHE_BYTES,
    private readonly weigh: (snapshot: StreamSnapshot<unknown>) => number = snapshotBytes,
  ) {}

  /** Bytes of all entries, by their weights. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries dropped to stay within the budget since the cache was made (not counting `delete`). */
  get evictions(): number {
    return this.evicted;
  }

  get<State>(streamId: string): StreamSnapshot<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry?.snapshot as StreamSnapshot<State> | undefined;
  }

  set<State>(streamId: string, snapshot: StreamSnapshot<State>): void {
    this.delete(streamId);
    const bytes = this.weigh(snapshot as StreamSnapshot<unknown>);
    this.entries.set(streamId, { snapshot, bytes });
    this.total += bytes;
    // Map iteration is in insertion order, and get/set re-insert: the first key is the least recently used.
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
      this.evicted++;
    }
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return;
    this.entries.delete(streamId);
    this.total -= entry.bytes;
  }
}
