import type { EventStore, RecordedEvent } from '@app/event-store';
import { BatchApplier, type LaneOutcome, type LaneRef } from './batch-applier';
import { createGenerationIndexes } from './generation-tables';
import { LiveFeed } from './live-feed';
import type { ProjectionSlot } from './projection-lane';
import type { ProjectionControls } from './projection-controls';
import type { ProjectionSlots } from './projection-slots';
import type { WakeSignal } from './wake-signal';

export interface PumpListener {
  committed(outcomes: LaneOutcome[]): void;
  swapped(slot: ProjectionSlot): void;
}

/**
 * Moves events from the global log into the lanes (generations) of all projections, only through the port:
 * readAll pages while behind, a subscription while at the head.
 *
 * Catch-up round: lanes are taken in checkpoint order; a page is read from the lowest checkpoint and applied
 * to every lane whose checkpoint falls before its end (each lane only past its own checkpoint), then the next
 * page serves the lanes further on. Lanes at the same place (all of them, usually) share one read and one
 * commit; a rebuild from 0 advances one page per round while the lanes at the head keep up with new events.
 *
 * Trailing projections (Projection.trailing) are left out of the rounds while any other projection's active
 * generation has not caught up: the lanes that serve reads page through the log alone, at full speed. Once
 * those are at the head, the trailing lanes catch up one page per round like a rebuild; at the head, every lane
 * shares the live batches.
 */
export class ProjectionPump {
  /** The highest position read from the log (for lag). */
  head = 0n;
  private readonly feed: LiveFeed;
  private readonly applier: BatchApplier;
  /** The page after the one being applied, asked for before applying it (see `readAhead`). */
  private ahead: { from: bigint; page: Promise<RecordedEvent[]> } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly slots: ProjectionSlots,
    private readonly controls: ProjectionControls,
    private readonly batchSize: number,
    private readonly now: () => string,
    private readonly listener: PumpListener,
  ) {
    this.feed = new LiveFeed(store);
    this.applier = new BatchApplier(slots.db, slots.states);
  }

  /** One page for each group of lanes; resolves true when every lane has reached the end of the log. */
  async catchUp(stopping: () => boolean): Promise<boolean> {
    const runnable = this.runnableLanes();
    const leading = runnable.filter(({ slot }) => !slot.trailing);
    const held = leading.some(({ slot, lane }) => lane === slot.active && !lane.caughtUp);
    const lanes = held ? leading : runnable;
    let remaining = lanes.sort((a, b) => compare(a.lane.checkpoint, b.lane.checkpoint));
    // Trailing lanes left out this round are not at the end: the next round serves them.
    let atEnd = lanes.length === runnable.length;
    while (remaining.length > 0 && !stopping()) {
      const page = await this.read(remaining[0].lane.checkpoint);
      if (page.length === 0) {
        for (const { lane } of remaining) [lane.caughtUp, lane.nextRecordedAt] = [true, undefined];
        this.createIndexes(remaining);
        break;
      }
      const next = page.length > this.batchSize ? page[this.batchSize] : undefined;
      const batch = next === undefined ? page : page.slice(0, this.batchSize);
      const end = batch[batch.length - 1].position;
      const members = remaining.filter(({ lane }) => lane.checkpoint < end);
      remaining = remaining.filter(({ lane }) => lane.checkpoint >= end);
      if (next !== undefined) this.readAhead(end);
      this.commit(members, batch, next);
      if (next !== undefined) atEnd = false;
    }
    this.swapReady();
    return atEnd;
  }

  /**
   * At the end of the log: waits for the next events (well under a millisecond after their commit on the
   * embedded store) and applies everything that arrived with them as one batch. Returns early when woken
   * (at once when woken since `mark`).
   */
  async waitLive(wake: WakeSignal, mark = wake.mark()): Promise<void> {
    this.ahead = undefined; // the live feed reads on from here
    const lanes = this.runnableLanes();
    if (lanes.length === 0) return mark === wake.mark() ? wake.wait() : undefined; // all stopped at a poison event
    const from = lanes.reduce(
      (low, { lane }) => (lane.checkpoint < low ? lane.checkpoint : low),
      lanes[0].lane.checkpoint,
    );
    const events = await this.feed.next(from, this.batchSize, wake, mark);
    if (events.length === 0) return;
    // A full batch may have more behind it: the next catch-up round reads on with readAll.
    this.commit(lanes, events, undefined, events.length < this.batchSize);
    this.swapReady();
  }

  close(): Promise<void> {
    this.ahead = undefined;
    return this.feed.close();
  }

  /**
   * The page from `from`, read ahead if it was. A read elsewhere keeps the page read ahead: a round that reads
   * for a trailing lane (or a rebuild) and then for the lanes at the head comes back to it in the next round.
   */
  private read(from: bigint): Promise<RecordedEvent[]> {
    const ahead = this.ahead;
    if (ahead?.from !== from) return this.readPage(from);
    this.ahead = undefined;
    return ahead.page;
  }

  /** One event more than a batch: tells whether there is more, and how old the next unapplied event is. */
  private readPage(from: bigint): Promise<RecordedEvent[]> {
    return this.store.readAll({ fromPosition: from, maxCount: this.batchSize + 1 });
  }

  /**
   * Asks for the page after the batch about to be applied, where the lanes applying it will read next: a store
   * that reads on another thread (the embedded one) or over the network reads it while the batch is applied.
   * The next read ahead or the live feed drops it. It holds what was committed when it was asked for; events
   * appended since are read by the round after, as they would be after any page.
   */
  private readAhead(from: bigint): void {
    const page = this.readPage(from);
    page.catch(() => undefined); // a failed read ahead fails where it is used, or nowhere if it never is
    this.ahead = { from, page };
  }

  private commit(
    lanes: LaneRef[],
    events: RecordedEvent[],
    next: RecordedEvent | undefined,
    caughtUp = !next,
  ): void {
    for (const { lane } of lanes) [lane.caughtUp, lane.nextRecordedAt] = [caughtUp, next?.recordedAt];
    let outcomes: LaneOutcome[];
    try {
      outcomes = this.applier.commit(lanes, events, this.now());
    } catch (error) {
      for (const { lane } of lanes) lane.caughtUp = false;
      throw error;
    }
    const last = next ?? events[events.length - 1];
    if (last.position > this.head) this.head = last.position;
    for (const { lane, poison } of outcomes) {
      if (poison === undefined) continue;
      lane.caughtUp = false;
      lane.nextRecordedAt = events.find((event) => event.position === poison.position)?.recordedAt;
    }
    this.listener.committed(outcomes);
    this.createIndexes(lanes);
  }

  /** Deferred indexes of the lanes that reached the end of the log or stopped: before any swap, once each. */
  private createIndexes(lanes: LaneRef[]): void {
    const ready = lanes.filter(({ lane }) => !lane.indexed && (lane.caughtUp || lane.poison !== undefined));
    if (ready.length === 0) return;
    const { db } = this.slots;
    db.transaction(() => {
      for (const { lane } of ready) createGenerationIndexes(db, lane.projection, lane.generation);
    }).immediate();
    for (const { lane } of ready) lane.indexed = true;
  }

  private swapReady(): void {
    for (const slot of this.slots.all())
      if (this.controls.swapIfReady(slot, this.now())) this.listener.swapped(slot);
  }

  private runnableLanes(): LaneRef[] {
    return this.slots.all().flatMap((slot) => slot.runnableLanes().map((lane) => ({ slot, lane })));
  }
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
