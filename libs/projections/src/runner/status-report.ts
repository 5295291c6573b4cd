import type { LagCounter, LaneMark } from './lag-counter';
import type { ProjectionLane, ProjectionSlot } from './projection-lane';
import type { ProjectionStatus } from './projection-status';

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
