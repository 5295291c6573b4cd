import type { RecordedEvent } from '@app/event-store';

/** The wire form of a stored event: positions and revisions as JSON numbers. */
export interface EventView {
  id: string;
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: object;
  metadata: object;
  recordedAt: string;
  /** Set when `data` was upcast on read from the stored schema version; metadata stays as stored. */
  upcast?: { from: number; to: number };
}

export function toEventView(event: RecordedEvent): EventView {
  return {
    id: event.id,
    position: Number(event.position),
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}
