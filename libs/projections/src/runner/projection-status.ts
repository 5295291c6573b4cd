import type { LagCounter, LaneMark } from './lag-counter';
import type { ProjectionLane, ProjectionSlot } from './projection-lane';

/**
 * - catching_up: applying the log's backlog (after start, or a new projection building generation 1);
 * - live: at the head of the log, applying new events as they are appended;
 * - rebuilding: a new generation is being filled from position 0 while the active one keeps serving;
 * - failed: stopped at a poison event (this projection only; see `poison`);
 * - stopped: the runner is not running.
 */
export type ProjectionRunState = 'catching_up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

/** The event a generation of a projection could not apply: it stays just before it until retry or skip. */
export interface PoisonEvent {
  generation: number;
  position: bigint;
  streamId: string;
  type: string;
  error: string;
}

/** Since the runner was created (for metrics). */
export interface ProjectionCounters {
  eventsApplied: number;
  batchesCommitted: number;
  poisonEvents: number;
}

export interface RebuildProgress {
  generation: number;
  version: number;
  /** The new generation's checkpoint: it swaps in once it reaches the head of the log. */
  checkpoint: bigint;
  lagEvents: number;
  poison?: PoisonEvent;
}

export interface ProjectionStatus {
  name: string;
  /** Version of the code that built the active generation (a rebuild to a new version shows in `rebuild`). */
  version: number;
  generation: number;
  /** Position of the last event the active generation applied (0n: none). */
  checkpoint: bigint;
  status: ProjectionRunState;
  /**
   * An accelerator the others do not wait for (Projection.trailing): it catches up after them, read-your-writes
   * does not wait for it, and its catching up leaves the replica ready.
   */
  trailing: boolean;
  rebuild?: RebuildProgress;
  /** Error of the poison event that stopped a generation (the active one first). */
  lastError?: string;
  poison?: PoisonEvent;
  /**
   * Events after the checkpoint up to the head, counted (at most once a second, in the background, up to
   * LAG_COUNT_LIMIT: a larger lag shows as the limit), never head - checkpoint, since positions are opaque
   * (byte offsets on EventStoreDB). The head is the highest position the runner has read, so a lag still
   * unread (at start) shows once it is being read.
   */
  lagEvents: number;
  /** Age (recordedAt) of the oldest event known to be unapplied; 0 when live. */
  lagSeconds: number;
  counters: ProjectionCounters;
}

/** What health checks and metrics see of one projection. */
export function projectionStatus(
  slot: ProjectionSlot,
  running: boolean,
  head: bigint,
  now: number,
  lag: LagCounter,
): ProjectionStatus {
  const { active, pending } = slot;
  const poison = active.poison ?? pending?.poison;
  return {
    name: slot.name,
    version: active.version,
    generation: active.generation,
    checkpoint: active.checkpoint,
    status: slot.state(running),
    trailing: slot.trailing,
    rebuild: pending && {
      generation: pending.generation,
      version: pending.version,
      checkpoint: pending.checkpoint,
      lagEvents: lagEvents(slot, pending, head, lag),
      poison: pending.poison,
    },
    lastError: poison?.error,
    poison,
    lagEvents: lagEvents(slot, active, head, lag),
    lagSeconds: lagSeconds(active, now),
    counters: { ...slot.counters },
  };
}

/** The lanes whose lag LagCounter counts. */
export function laneMarks(slot: ProjectionSlot): LaneMark[] {
  return slot.lanes().map((lane) => ({ key: laneKey(slot, lane), checkpoint: lane.checkpoint }));
}

const laneKey = (slot: ProjectionSlot, lane: ProjectionLane) => `${slot.name}#${lane.generation}`;

/**
 * Events between the checkpoint and the head, as last counted (never head - checkpoint: positions are
 * opaque). Before the first count of a lane behind the head: 1, which is known to be at least true.
 */
function lagEvents(slot: ProjectionSlot, lane: ProjectionLane, head: bigint, lag: LagCounter): number {
  return lag.events(laneKey(slot, lane), lane.checkpoint, head) ?? 1;
}

function lagSeconds(lane: ProjectionLane, now: number): number {
  if (lane.caughtUp || lane.nextRecordedAt === undefined) return 0;
  return Math.max(0, (now - Date.parse(lane.nextRecordedAt)) / 1000);
}
