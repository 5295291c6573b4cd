import { dropGenerationTables } from './generation-tables';
import type { ProjectionSlot } from './projection-lane';
import type { ProjectionLogger } from './projection-runner.options';
import { retryNote, type ProjectionSlots } from './projection-slots';
import type { PoisonEvent } from './projection-status';
import { ProjectionNotFailedError } from './projection.errors';

/** What operators (and the runner itself) do to a projection's generations: rebuild, swap, retry, skip. */
export class ProjectionControls {
  constructor(
    private readonly slots: ProjectionSlots,
    private readonly logger: ProjectionLogger,
  ) {}

  /** Starts filling a new generation from position 0 (discarding a rebuild already under way). */
  rebuild(name: string, now: string): void {
    const slot = this.slots.get(name);
    if (slot.active.generation === 0) return; // never built: its first start builds it from position 0 anyway
    let generation = 0;
    this.slots.change(slot, now, () => {
      this.slots.dropPending(slot);
      generation = this.slots.createPending(slot).generation;
    });
    slot.pendingChanges.clear();
    this.logger.info(`Projection ${name}: rebuilding into generation ${generation}`);
  }

  /** The pending generation becomes the active one once it caught up; the old tables go in the same commit. */
  swapIfReady(slot: ProjectionSlot, now: string): boolean {
    const { active, pending } = slot;
    if (!pending || pending.poison || !pending.caughtUp || pending.checkpoint < active.checkpoint)
      return false;
    this.slots.change(slot, now, () => {
      dropGenerationTables(this.slots.db, slot.name, active.generation);
      slot.active = pending;
      slot.pending = undefined;
    });
    this.logger.info(
      `Projection ${slot.name}: generation ${pending.generation} is now active (at ${pending.checkpoint})`,
    );
    return true;
  }

  /** Lets the stopped generations of a projection try their poison event again. False if none was stopped. */
  retry(name: string, now: string): boolean {
    const slot = this.slots.get(name);
    const failed = slot.lanes().filter((lane) => lane.poison);
    for (const { poison } of failed) if (poison) this.logger.info(retryNote(name, poison));
    if (failed.length > 0)
      this.slots.change(slot, now, () => failed.forEach((lane) => (lane.poison = undefined)));
    return failed.length > 0;
  }

  /** Skips exactly the poison event of each stopped generation, recorded in `projection_skipped_event`. */
  skip(name: string, now: string): PoisonEvent[] {
    const slot = this.slots.get(name);
    const skipped = slot.lanes().flatMap((lane) => (lane.poison ? [lane.poison] : []));
    if (skipped.length === 0) throw new ProjectionNotFailedError(name);
    this.slots.change(slot, now, () => {
      for (const lane of slot.lanes()) {
        if (!lane.poison) continue;
        this.slots.states.recordSkipped(name, lane.poison, now);
        lane.checkpoint = lane.poison.position;
        lane.poison = undefined;
      }
    });
    for (const poison of skipped) {
      const details = { ...poison, position: String(poison.position) };
      this.logger.warn(
        `Projection ${name} (generation ${poison.generation}) skipped event ${poison.position}`,
        details,
      );
    }
    return skipped;
  }
}
