import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { toEventView, type EventView } from '../event.view';

export class ReadEventsQuery {
  constructor(
    readonly fromPosition: number | undefined,
    readonly limit: number,
  ) {}
}

export interface EventPage {
  events: EventView[];
  /** Pass as `fromPosition` to get the next page (exclusive); equal to the request's when nothing is left. */
  nextPosition: number;
}

@QueryHandler(ReadEventsQuery)
export class ReadEventsHandler implements IQueryHandler<ReadEventsQuery, EventPage> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fromPosition, limit }: ReadEventsQuery): Promise<EventPage> {
    const events = await this.store.readAll({
      fromPosition: fromPosition === undefined ? undefined : BigInt(fromPosition),
      maxCount: limit,
    });
    const views = events.map(toEventView);
    return { events: views, nextPosition: views.at(-1)?.position ?? fromPosition ?? 0 };
  }
}
