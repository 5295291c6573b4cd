import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { MarketWriter } from '../../write/market-writer';
import { historyView, matchesFilter, type HistoryFilter } from '../history-filter';
import { scanLog } from '../log-scan';
import { readFromClientPosition } from '../position-guard';
import type { EventPage } from '../read-events/read-events.query';

export class ReadProgramEventsQuery {
  constructor(
    readonly programId: string,
    readonly fromPosition: number | undefined,
    readonly limit: number,
    readonly filter: HistoryFilter | undefined,
  ) {}
}

@QueryHandler(ReadProgramEventsQuery)
export class ReadProgramEventsHandler implements IQueryHandler<ReadProgramEventsQuery, EventPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly markets: MarketWriter,
  ) {}

  async execute({ programId, fromPosition, limit, filter }: ReadProgramEventsQuery): Promise<EventPage> {
    await this.markets.requireProgram(programId);
    // Every program and market event names its program; the global log keeps their order across streams.
    const scan = await readFromClientPosition(() =>
      scanLog(
        this.store,
        fromPosition === undefined ? undefined : BigInt(fromPosition),
        limit,
        (event) =>
          (event.data as { programId?: unknown }).programId === programId && matchesFilter(event, filter),
      ),
    );
    return {
      events: scan.events.map(historyView),
      nextPosition: Number(scan.lastPosition ?? 0),
      end: scan.end,
    };
  }
}
