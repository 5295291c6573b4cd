import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice } from './projection';
import type { ProjectionLane, ProjectionSlot } from './projection-lane';
import type { ProjectionStateRepository } from './projection-state.repository';
import type { PoisonEvent } from './projection-status';

export interface LaneRef {
  slot: ProjectionSlot;
  lane: ProjectionLane;
}

/** What one lane did in a committed batch. */
export interface LaneOutcome extends LaneRef {
  applied: number;
  poison?: PoisonEvent;
  changes: ChangeNotice[];
}

/** Thrown out of a lane's savepoint when `apply` fails, so the batch knows which event was poison. */
class ApplyFailure extends Error {
  constructor(
    readonly index: number,
    readonly reason: unknown,
  ) {
    super('apply failed');
  }
}

/** Thrown out of a lane's savepoint when `applyBatch` fails: the lane falls back to `apply`, event by event. */
class BatchFailure extends Error {
  constructor(readonly reason: unknown) {
    super('applyBatch failed');
  }
}

type ApplyRange = (
  lane: ProjectionLane,
  events: RecordedEvent[],
  from: number,
  to: number,
  out: ChangeNotice[],
) => void;

/**
 * Applies a page of the log to several lanes in ONE transaction that also writes their checkpoints: a batch
 * is in the read model entirely, checkpoints included, or not at all, so each event is applied exactly once
 * across crashes. Each lane runs in its own savepoint: when `apply` throws, only that lane is rolled back and
 * replayed up to the event before the poison one; the other lanes keep their work.
 */
export class BatchApplier {
  private readonly applyRange: Database.Transaction<ApplyRange>;
  private readonly applyBatchRange: Database.Transaction<ApplyRange>;
  private readonly commitBatch: Database.Transaction<
    (lanes: LaneRef[], events: RecordedEvent[], now: string) => LaneOutcome[]
  >;

  constructor(
    private readonly db: Database.Database,
    private readonly states: ProjectionStateRepository,
  ) {
    // Nested inside commitBatch, a better-sqlite3 transaction function is a savepoint, rolled back on throw.
    this.applyRange = db.transaction<ApplyRange>((lane, events, from, to, out) => {
      const { projection, context } = lane;
      for (let index = from; index < to; index += 1) {
        try {
          const notices = projection.apply(events[index], context);
          if (notices) for (const notice of notices) out.push(notice);
        } catch (reason) {
          throw new ApplyFailure(index, reason);
        }
      }
    });
    this.applyBatchRange = db.transaction<ApplyRange>((lane, events, from, to, out) => {
      try {
        const notices = lane.projection.applyBatch?.(events.slice(from, to), lane.context);
        if (notices) for (const notice of notices) out.push(notice);
      } catch (reason) {
        throw new BatchFailure(reason);
      }
    });
    this.commitBatch = db.transaction((lanes: LaneRef[], events: RecordedEvent[], now: string) => {
      const outcomes: LaneOutcome[] = [];
      const touched = new Set<ProjectionSlot>();
      for (const ref of lanes) {
        const from = firstAfter(events, ref.lane.checkpoint);
        if (from === events.length) continue;
        outcomes.push(this.applyLane(ref, events, from));
        touched.add(ref.slot);
      }
      for (const slot of touched) this.states.save(slot.toRecord(true, now));
      return outcomes;
    });
  }

  /** Commits `events` (a page of the log, in position order) to each lane past its own checkpoint. */
  commit(lanes: LaneRef[], events: RecordedEvent[], now: string): LaneOutcome[] {
    const before = lanes.map(({ lane }) => ({ checkpoint: lane.checkpoint, poison: lane.poison }));
    try {
      // IMMEDIATE: take the write lock up front rather than fail on upgrading a read lock mid-batch.
      return this.commitBatch.immediate(lanes, events, now);
    } catch (error) {
      lanes.forEach(({ lane }, index) => Object.assign(lane, before[index]));
      throw error;
    }
  }

  private applyLane(ref: LaneRef, events: RecordedEvent[], from: number): LaneOutcome {
    const { lane } = ref;
    if (lane.projection.applyBatch && events.length - from > 1) {
      const changes: ChangeNotice[] = [];
      try {
        this.applyBatchRange(lane, events, from, events.length, changes);
        lane.checkpoint = events[events.length - 1].position;
        lane.poison = undefined;
        return { ...ref, applied: events.length - from, poison: undefined, changes };
      } catch (error) {
        if (!(error instanceof BatchFailure)) throw error;
        if (isInfrastructureError(error.reason) || !this.db.inTransaction) throw error.reason;
        // Undone by its savepoint: find the poison event the slow way, one event at a time.
      }
    }
    let to = events.length;
    let poison: PoisonEvent | undefined;
    for (;;) {
      const changes: ChangeNotice[] = [];
      try {
        this.applyRange(lane, events, from, to, changes);
        if (to > from) lane.checkpoint = events[to - 1].position;
        lane.poison = poison;
        return { ...ref, applied: to - from, poison, changes };
      } catch (error) {
        if (!(error instanceof ApplyFailure)) throw error;
        // Disk full, I/O, a lost lock, or SQLite rolled the whole transaction back: the batch fails, not the event.
        if (isInfrastructureError(error.reason) || !this.db.inTransaction) throw error.reason;
        to = error.index; // replay the lane up to the event before (apply is deterministic, so that succeeds)
        poison = poisonOf(lane.generation, events[to], error.reason);
      }
    }
  }
}

/** Index of the first event with position > checkpoint (binary search: events are in position order). */
function firstAfter(events: RecordedEvent[], checkpoint: bigint): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].position <= checkpoint) low = middle + 1;
    else high = middle;
  }
  return low;
}

function poisonOf(generation: number, event: RecordedEvent, reason: unknown): PoisonEvent {
  const error = reason instanceof Error ? reason.message : String(reason);
  return { generation, position: event.position, streamId: event.streamId, type: event.type, error };
}

const INFRASTRUCTURE_CODES =
  /^SQLITE_(BUSY|LOCKED|NOMEM|READONLY|IOERR|CORRUPT|FULL|CANTOPEN|PROTOCOL|NOTADB|INTERRUPT)/;

/** Errors of the database rather than of the projection's logic: retried later, never recorded as poison. */
export function isInfrastructureError(error: unknown): boolean {
  return error instanceof Database.SqliteError && INFRASTRUCTURE_CODES.test(error.code);
}
