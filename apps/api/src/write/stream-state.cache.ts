/** What the writer knows of a stream after folding it up to `revision`. */
export interface StreamSnapshot<State> {
  /** Revision of the last folded event; -1n for a stream with no events. */
  revision: bigint;
  position: bigint;
  state: State;
  headHash: string;
}

/**
 * Folded stream states kept between commands so that a command reads only the events appended since, not
 * the whole stream. Bounded: the least recently used entries go first. Safe with other writers, because
 * every load still reads whatever follows the cached revision.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, StreamSnapshot<unknown>>();

  constructor(private readonly capacity = 10_000) {}

  get<State>(streamId: string): StreamSnapshot<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry as StreamSnapshot<State> | undefined;
  }

  set<State>(streamId: string, snapshot: StreamSnapshot<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
