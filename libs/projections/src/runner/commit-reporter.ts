import type { ChangeNotice } from './projection';
import type { LaneOutcome } from './batch-applier';
import type { ProjectionSlot } from './projection-lane';
import type { ProjectionLogger } from './projection-runner.options';
import type { PoisonEvent } from './projection-status';

/** What one commit changed, announced to `onChange` listeners (e.g. Server-Sent Events) after the commit. */
export interface ChangeBatch {
  /** The highest active checkpoint written by the commit: a reader that saw this position sees the changes. */
  position: bigint;
  /** De-duplicated: each (program, market) once, whichever events and projections touched it. */
  changes: ChangeNotice[];
}

export type ChangeListener = (batch: ChangeBatch) => void;

/** A de-duplicating set of change notices, keyed by program and market. */
export class ChangeSet {
  private readonly notices = new Map<string, ChangeNotice>();

  get size(): number {
    return this.notices.size;
  }

  add(notice: ChangeNotice): void {
    const key = notice.market === undefined ? notice.programId : `${notice.programId}\u0000${notice.market}`;
    if (!this.notices.has(key)) this.notices.set(key, { ...notice });
  }

  addAll(notices: Iterable<ChangeNotice>): void {
    for (const notice of notices) this.add(notice);
  }

  toArray(): ChangeNotice[] {
    return [...this.notices.values()];
  }

  clear(): void {
    this.notices.clear();
  }
}

/**
 * Tells the world what each commit did, once it is committed: counters (metrics), poison events (logger)
 * and change notices (onChange listeners, e.g. Server-Sent Events). A failing listener is logged and
 * otherwise ignored: it must not stop the read side.
 */
export class CommitReporter {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly logger: ProjectionLogger) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  committed(outcomes: LaneOutcome[]): void {
    const changes = new ChangeSet();
    let position = 0n;
    for (const slot of new Set(outcomes.map((outcome) => outcome.slot))) slot.counters.batchesCommitted += 1;
    for (const { slot, lane, applied, poison, changes: notices } of outcomes) {
      slot.counters.eventsApplied += applied;
      if (lane === slot.active) {
        changes.addAll(notices);
        if (lane.checkpoint > position) position = lane.checkpoint;
      } else slot.pendingChanges.addAll(notices); // not visible to readers before the swap
      if (poison) this.poisoned(slot, poison);
    }
    if (changes.size > 0) this.announce({ position, changes: changes.toArray() });
  }

  /** The new generation serves reads now: everything it touched may read differently. */
  swapped(slot: ProjectionSlot): void {
    if (slot.pendingChanges.size > 0) {
      this.announce({ position: slot.active.checkpoint, changes: slot.pendingChanges.toArray() });
    }
    slot.pendingChanges.clear();
  }

  private poisoned(slot: ProjectionSlot, poison: PoisonEvent): void {
    slot.counters.poisonEvents += 1;
    this.logger.error(
      `Projection ${slot.name} (generation ${poison.generation}) stopped at event ${poison.position} ` +
        `(${poison.type} on ${poison.streamId}): ${poison.error}`,
      { projection: slot.name, ...poison, position: String(poison.position) },
    );
  }

  private announce(batch: ChangeBatch): void {
    for (const listener of this.listeners) {
      try {
        const result: unknown = listener(batch);
        if (result instanceof Promise) result.catch((error: unknown) => this.listenerFailed(error));
      } catch (error) {
        this.listenerFailed(error);
      }
    }
  }

  private listenerFailed(error: unknown): void {
    this.logger.warn(`A change listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
