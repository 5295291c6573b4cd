import type { EventStore } from '@app/event-store';

/** A lag larger than this shows as this: counting further would cost a long read of the log on every refresh. */
export const LAG_COUNT_LIMIT = 10_000;
/** Counted at most this often, in the background; status() reports the last count. */
const REFRESH_MS = 1000;
const PAGE = 1000;

export interface LaneMark {
  key: string;
  checkpoint: bigint;
}

/**
 * Lag in events, counted, never computed from positions: positions are opaque (byte offsets with gaps on
 * EventStoreDB, where head - checkpoint was hundreds of times the event count). Counts the events after each
 * lane's checkpoint up to the head, bounded by LAG_COUNT_LIMIT, with the store's own count when it has one
 * (one index range on the embedded store) or by paging the log through the port.
 */
export class LagCounter {
  private readonly counts = new Map<string, number>();
  private refreshing = false;
  private lastRefresh = -Infinity;

  constructor(private readonly store: EventStore) {}

  /** The last count for this lane: 0 at or past the head, undefined before the first count. */
  events(key: string, checkpoint: bigint, head: bigint): number | undefined {
    return checkpoint >= head ? 0 : this.counts.get(key);
  }

  /** Starts a count of every lane behind the head, unless one ran within REFRESH_MS or is running. */
  refresh(lanes: LaneMark[], head: bigint): void {
    // Real elapsed time, not the runner's clock: that one may be a test's or a demo's, standing still.
    const now = performance.now();
    if (this.refreshing || now - this.lastRefresh < REFRESH_MS) return;
    const behind = lanes.filter((lane) => lane.checkpoint < head);
    for (const lane of lanes) if (lane.checkpoint >= head) this.counts.set(lane.key, 0);
    if (behind.length === 0) return;
    this.refreshing = true;
    this.lastRefresh = now;
    void this.countAll(behind, head).finally(() => (this.refreshing = false));
  }

  private async countAll(lanes: LaneMark[], head: bigint): Promise<void> {
    for (const lane of lanes) {
      try {
        this.counts.set(lane.key, await this.count(lane.checkpoint, head));
      } catch {
        // A failed count (store unavailable) keeps the last one; the runner reports the store's failure.
      }
    }
  }

  private async count(after: bigint, upTo: bigint): Promise<number> {
    if (this.store.countEvents) return this.store.countEvents(after, upTo, LAG_COUNT_LIMIT);
    let counted = 0;
    for (let from = after; counted < LAG_COUNT_LIMIT;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: PAGE });
      for (const event of page) {
        if (event.position > upTo || counted >= LAG_COUNT_LIMIT) return counted;
        counted += 1;
      }
      if (page.length < PAGE) return counted;
      from = page[page.length - 1].position;
    }
    return counted;
  }
}
