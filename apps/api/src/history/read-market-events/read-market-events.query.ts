import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketNotEnrolledError, marketStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { MarketWriter } from '../../write/market-writer';
import type { EventView } from '../event.view';
import { historyView, matchesFilter, MAX_SCANNED, type HistoryFilter } from '../history-filter';

export class ReadMarketEventsQuery {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly fromRevision: number,
    readonly limit: number,
    readonly filter?: HistoryFilter,
  ) {}
}

export interface MarketEventPage {
  events: EventView[];
  /** Revision to ask for next (inclusive); null when the page reached the stream's end. */
  nextRevision: number | null;
  /** Global position of the page's last event. */
  nextPosition: number | null;
}

@QueryHandler(ReadMarketEventsQuery)
export class ReadMarketEventsHandler implements IQueryHandler<ReadMarketEventsQuery, MarketEventPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly markets: MarketWriter,
  ) {}

  async execute({
    programId,
    market,
    fromRevision,
    limit,
    filter,
  }: ReadMarketEventsQuery): Promise<MarketEventPage> {
    await this.markets.requireProgram(programId);
    const streamId = marketStreamId(programId, market);
    const head = await this.store.streamRevision(streamId);
    if (head === undefined) {
      throw new MarketNotEnrolledError({ programId, market });
    }
    // Unfiltered, one page is `limit` events; filtered, up to MAX_SCANNED are looked at for `limit` matches.
    const scanned = await this.store.readStream(streamId, {
      fromRevision: BigInt(fromRevision),
      maxCount: filter ? MAX_SCANNED : limit,
    });
    const kept = filter ? scanned.filter((event) => matchesFilter(event, filter)).slice(0, limit) : scanned;
    const lastLooked = filter && kept.length === limit ? kept[kept.length - 1] : scanned.at(-1);
    const last = kept.at(-1);
    return {
      events: kept.map(historyView),
      nextRevision: lastLooked && lastLooked.revision < head ? Number(lastLooked.revision) + 1 : null,
      nextPosition: last ? Number(last.position) : null,
    };
  }
}
