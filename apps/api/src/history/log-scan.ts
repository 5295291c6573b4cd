import type { EventStore, RecordedEvent } from '@app/event-store';
import { MAX_SCANNED } from './history-filter';

export interface ScanResult {
  events: RecordedEvent[];
  /** Position of the last event looked at (pass as the next fromPosition). */
  lastPosition: bigint | undefined;
  /** True when the scan reached the end of the log. */
  end: boolean;
}

/** Pages through the global log from `fromPosition`, keeping what `keep` accepts, until `limit` are kept. */
export async function scanLog(
  store: EventStore,
  fromPosition: bigint | undefined,
  limit: number,
  keep: (event: RecordedEvent) => boolean,
): Promise<ScanResult> {
  const events: RecordedEvent[] = [];
  let lastPosition = fromPosition;
  let scanned = 0;
  const pageSize = 1000;
  while (scanned < MAX_SCANNED) {
    const page = await store.readAll({ fromPosition: lastPosition, maxCount: pageSize });
    for (const event of page) {
      scanned += 1;
      lastPosition = event.position;
      if (keep(event) && events.push(event) >= limit) return { events, lastPosition, end: false };
    }
    if (page.length < pageSize) return { events, lastPosition, end: true };
  }
  return { events, lastPosition, end: false };
}
