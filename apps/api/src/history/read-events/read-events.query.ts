import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { EventView } from '../event.view';
import { historyView, matchesFilter, type HistoryFilter } from '../history-filter';
import { scanLog } from '../log-scan';
import { readFromClientPosition } from '../position-guard';

export class ReadEventsQuery {
  constructor(
    readonly fromPosition: number | undefined,
    readonly limit: number,
    readonly filter?: HistoryFilter,
  ) {}
}

export interface EventPage {
  events: EventView[];
  /** Pass as `fromPosition` to get the next page (exclusive); equal to the request's when nothing is left. */
  nextPosition: number;
  /** True when the page reached the end of the log (with filters a short page may not be the end). */
  end: boolean;
}

@QueryHandler(ReadEventsQuery)
export class ReadEventsHandler implements IQueryHandler<ReadEventsQuery, EventPage> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fromPosition, limit, filter }: ReadEventsQuery): Promise<EventPage> {
    const from = fromPosition === undefined ? undefined : BigInt(fromPosition);
    if (filter) {
      const scan = await readFromClientPosition(() =>
        scanLog(this.store, from, limit, (event) => matchesFilter(event, filter)),
      );
      return {
        events: scan.events.map(historyView),
        nextPosition: Number(scan.lastPosition ?? 0),
        end: scan.end,
      };
    }
    const events = await readFromClientPosition(() =>
      this.store.readAll({ fromPosition: from, maxCount: limit }),
    );
    const views = events.map(historyView);
    return {
      events: views,
      nextPosition: views.at(-1)?.position ?? fromPosition ?? 0,
      end: views.length < limit,
    };
  }
}
