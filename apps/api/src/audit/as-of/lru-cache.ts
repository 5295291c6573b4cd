/**
 * A bounded map that forgets the least recently used entries first. Its capacity is in units of `weigh`
 * (1 per entry unless told otherwise), so a few large values cannot hold more memory than many small ones;
 * a value heavier than the whole capacity is not kept. Capacity 0 keeps nothing (caching off).
 * Keys never go stale by themselves: callers put in the key everything the value depends on.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`Invalid capacity ${capacity}`);
  }

  /** Entries kept. */
  get size(): number {
    return this.entries.size;
  }

  /** Their total weight (at most the capacity). */
  get weight(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // A Map iterates in insertion order: inserting again makes this entry the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.remove(key);
    const weight = Math.max(1, Math.ceil(this.weigh(value)));
    if (weight > this.capacity) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.total > this.capacity) this.remove(this.entries.keys().next().value as K);
  }

  private remove(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }
}
