import type Database from 'better-sqlite3';
import { createGenerationTables, dropGenerationTables } from './generation-tables';
import type { Projection } from './projection';
import { ProjectionLane, ProjectionSlot } from './projection-lane';
import type { ProjectionLogger } from './projection-runner.options';
import type { ProjectionStateRepository } from './projection-state.repository';
import type { PoisonEvent } from './projection-status';
import { UnknownProjectionError } from './projection.errors';

/**
 * The runner's projections, their generations in memory, and the one way to change them: `change`, one
 * transaction over the tables and the state row. Memory follows only what committed: when a change fails,
 * the slot is reloaded from the database, which rolled it back.
 */
export class ProjectionSlots {
  private readonly slots = new Map<string, ProjectionSlot>();

  constructor(
    readonly db: Database.Database,
    readonly states: ProjectionStateRepository,
    projections: readonly Projection[],
    private readonly logger: ProjectionLogger,
  ) {
    for (const projection of projections) {
      const slot = new ProjectionSlot(projection, ProjectionLane.unbuilt(db, projection));
      this.slots.set(projection.name, slot);
      this.reload(slot);
    }
  }

  all(): ProjectionSlot[] {
    return [...this.slots.values()];
  }

  get(name: string): ProjectionSlot {
    const slot = this.slots.get(name);
    if (slot === undefined) throw new UnknownProjectionError(name);
    return slot;
  }

  /**
   * On start: a new projection gets generation 1 (built from position 0); a changed version starts a rebuild
   * (or resumes the one already under way for that version); a generation stopped at a poison event tries it
   * again once, since a restart usually brings a fix.
   */
  initialize(now: string): void {
    for (const slot of this.slots.values()) {
      const { projection } = slot;
      this.change(slot, now, () => {
        if (slot.active.generation === 0) {
          createGenerationTables(this.db, projection, 1);
          slot.active = new ProjectionLane(this.db, projection, 1, projection.version, 0n, undefined);
        }
        for (const lane of slot.lanes()) {
          if (lane.poison) this.logger.info(`${retryNote(slot.name, lane.poison)} after restart`);
          lane.poison = undefined;
        }
        if (slot.pending && slot.pending.version !== projection.version) this.dropPending(slot);
        if (!slot.pending && slot.active.version !== projection.version) {
          const { generation } = this.createPending(slot);
          const from = slot.active.version;
          this.logger.info(
            `Projection ${slot.name}: version ${from} -> ${projection.version}, rebuilding into generation ${generation}`,
          );
        }
      });
    }
  }

  /** Applies `mutate` to the slot and writes its row, in one transaction. */
  change(slot: ProjectionSlot, now: string, mutate: () => void): void {
    try {
      this.db
        .transaction(() => {
          mutate();
          this.states.save(slot.toRecord(true, now));
        })
        .immediate();
    } catch (error) {
      this.reload(slot);
      throw error;
    }
  }

  /** A new generation, filled from position 0. Call within `change`. */
  createPending(slot: ProjectionSlot): ProjectionLane {
    const { projection } = slot;
    const generation = Math.max(slot.active.generation, slot.pending?.generation ?? 0) + 1;
    createGenerationTables(this.db, projection, generation);
    slot.pending = new ProjectionLane(this.db, projection, generation, projection.version, 0n, undefined);
    return slot.pending;
  }

  /** Call within `change`. */
  dropPending(slot: ProjectionSlot): void {
    if (slot.pending) dropGenerationTables(this.db, slot.name, slot.pending.generation);
    slot.pending = undefined;
  }

  /** Memory from the database for every projection (after ProjectionStateRepository.forgetAll). */
  reloadAll(): void {
    for (const slot of this.slots.values()) this.reload(slot);
  }

  /** At stop, so that the file tells an observer nothing applies events (informational: checkpoints are committed). */
  recordStop(now: string): void {
    try {
      for (const slot of this.slots.values()) {
        if (slot.active.generation > 0) this.states.save(slot.toRecord(false, now));
      }
    } catch (error) {
      this.logger.warn(`Could not record the stop of the projections: ${String(error)}`);
    }
  }

  /** Memory from the database: at construction, and after a change that rolled back. */
  private reload(slot: ProjectionSlot): void {
    const { projection } = slot;
    const record = this.states.find(slot.name);
    slot.active = record
      ? ProjectionLane.fromRecord(this.db, projection, record.active)
      : ProjectionLane.unbuilt(this.db, projection);
    slot.pending = record?.pending && ProjectionLane.fromRecord(this.db, projection, record.pending);
  }
}

export const retryNote = (name: string, { generation, position, type, streamId }: PoisonEvent): string =>
  `Projection ${name} (generation ${generation}): retrying event ${position} (${type} on ${streamId})`;
