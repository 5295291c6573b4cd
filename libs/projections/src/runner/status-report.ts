import type { ProjectionLane, ProjectionSlot } from './projection-lane';
import type { ProjectionStatus } from './projection-status';

/** What health checks and metrics see of one projection. */
export function projectionStatus(
  slot: ProjectionSlot,
  running: boolean,
  head: bigint,
  now: number,
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
      lagEvents: lagEvents(pending, head),
      poison: pending.poison,
    },
    lastError: poison?.error,
    poison,
    lagEvents: lagEvents(active, head),
    lagSeconds: lagSeconds(active, now),
    counters: { ...slot.counters },
  };
}

function lagEvents(lane: ProjectionLane, head: bigint): number {
  return head > lane.checkpoint ? Number(head - lane.checkpoint) : 0;
}

function lagSeconds(lane: ProjectionLane, now: number): number {
  if (lane.caughtUp || lane.nextRecordedAt === undefined) return 0;
  return Math.max(0, (now - Date.parse(lane.nextRecordedAt)) / 1000);
}
