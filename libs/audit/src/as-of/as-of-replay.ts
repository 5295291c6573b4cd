import {
  openProjectionDatabase,
  ProjectionRunner,
  readModelProjections,
  type Projection,
} from '@app/projections';
import type { RecordedEvent } from '@app/event-store';
import { MemoryEventLog } from './memory-event-log';

/** "As known at T": events recorded by T. "As happened by T": events that occurred by T, whenever recorded. */
export type AsOfBasis = 'recorded' | 'occurred';

export function knownAt(event: RecordedEvent, instant: Date, basis: AsOfBasis): boolean {
  const metadata = event.metadata as { recordedAt?: unknown; occurredAt?: unknown };
  const recordedAt = typeof metadata.recordedAt === 'string' ? metadata.recordedAt : event.recordedAt;
  const at =
    basis === 'recorded'
      ? recordedAt
      : typeof metadata.occurredAt === 'string'
        ? metadata.occurredAt
        : recordedAt;
  return Date.parse(at) <= instant.getTime();
}

export interface Replay {
  /** The replayed read models: query them with `runner.reader`, exactly as the live ones. */
  runner: ProjectionRunner;
  events: number;
  close(): void;
}

/**
 * Rebuilds the read models from chosen events (in position order) in a private in-memory database, with
 * the same projections as the live side, so what is computed from them has the live shape.
 */
export async function replayReadModels(
  events: readonly RecordedEvent[],
  projections: readonly Projection[] = readModelProjections,
): Promise<Replay> {
  const db = openProjectionDatabase(':memory:');
  const log = new MemoryEventLog(events);
  const runner = new ProjectionRunner({
    store: log,
    db,
    projections,
    batchSize: 10_000,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  try {
    await runner.start();
    if (!(await runner.waitForPosition(log.lastPosition, 60_000))) throw new Error('replay did not complete');
    await runner.stop();
  } catch (error) {
    await runner.stop();
    db.close();
    throw error;
  }
  return { runner, events: events.length, close: () => db.close() };
}
