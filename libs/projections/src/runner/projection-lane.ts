import type Database from 'better-sqlite3';
import { ChangeSet } from './commit-reporter';
import { GenerationContext } from './generation-context';
import { generationTables } from './generation-tables';
import type { Projection } from './projection';
import type { GenerationRecord, ProjectionStateRecord } from './projection-state.repository';
import type { PoisonEvent, ProjectionCounters, ProjectionRunState } from './projection-status';

/** One generation of one projection being fed from the log: its tables, checkpoint and progress. */
export class ProjectionLane {
  readonly context: GenerationContext;
  /** Reached the end of the log at its last read (and no later event seen since). */
  caughtUp = false;
  /** recordedAt of the oldest event known to be unapplied (for lagSeconds), if one is known. */
  nextRecordedAt: string | undefined;
  /** Its deferred indexes (ProjectionTable.indexes) are known to exist: ensured once per runner process. */
  indexed = false;

  constructor(
    db: Database.Database,
    readonly projection: Projection,
    readonly generation: number,
    readonly version: number,
    public checkpoint: bigint,
    public poison: PoisonEvent | undefined,
  ) {
    this.context = new GenerationContext(db, projection.name, generationTables(projection, generation));
  }

  /** A projection never built yet: generation 0 has no tables (start() creates generation 1). */
  static unbuilt(db: Database.Database, projection: Projection): ProjectionLane {
    return new ProjectionLane(db, projection, 0, projection.version, 0n, undefined);
  }

  static fromRecord(db: Database.Database, projection: Projection, record: GenerationRecord): ProjectionLane {
    return new ProjectionLane(
      db,
      projection,
      record.generation,
      record.version,
      record.checkpoint,
      record.poison,
    );
  }

  toRecord(): GenerationRecord {
    const { generation, version, checkpoint, poison } = this;
    return { generation, version, checkpoint, poison };
  }
}

/** A projection with its active generation (serving reads) and, during a rebuild, the pending one. */
export class ProjectionSlot {
  pending: ProjectionLane | undefined;
  readonly counters: ProjectionCounters = { eventsApplied: 0, batchesCommitted: 0, poisonEvents: 0 };
  /** What the pending generation changed: announced when it becomes the active one. */
  readonly pendingChanges = new ChangeSet();

  constructor(
    readonly projection: Projection,
    public active: ProjectionLane,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  /** An accelerator the others do not wait for (Projection.trailing). */
  get trailing(): boolean {
    return this.projection.trailing === true;
  }

  lanes(): ProjectionLane[] {
    return this.pending === undefined ? [this.active] : [this.active, this.pending];
  }

  /** Lanes that take events: a lane stopped at a poison event waits for retry or skip. */
  runnableLanes(): ProjectionLane[] {
    return this.lanes().filter((lane) => lane.poison === undefined);
  }

  state(running: boolean): ProjectionRunState {
    if (this.lanes().some((lane) => lane.poison !== undefined)) return 'failed';
    if (!running) return 'stopped';
    if (this.pending !== undefined) return 'rebuilding';
    return this.active.caughtUp ? 'live' : 'catching_up';
  }

  toRecord(running: boolean, updatedAt: string): ProjectionStateRecord {
    return {
      name: this.name,
      active: this.active.toRecord(),
      pending: this.pending?.toRecord(),
      status: this.state(running),
      updatedAt,
    };
  }
}
