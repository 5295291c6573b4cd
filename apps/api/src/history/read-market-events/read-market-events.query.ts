import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { marketStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiError } from '../../errors/api.errors';
import { MarketWriter } from '../../write/market-writer';
import { toEventView, type EventView } from '../event.view';

export class ReadMarketEventsQuery {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly fromRevision: number,
    readonly limit: number,
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

  async execute({ programId, market, fromRevision, limit }: ReadMarketEventsQuery): Promise<MarketEventPage> {
    await this.markets.requireProgram(programId);
    const streamId = marketStreamId(programId, market);
    const head = await this.store.streamRevision(streamId);
    if (head === undefined) {
      throw new ApiError(
        404,
        'market_not_enrolled',
        `Market ${market} is not enrolled in program ${programId}.`,
        { programId, market },
      );
    }
    const events = (
      await this.store.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount: limit })
    ).map(toEventView);
    const last = events.at(-1);
    return {
      events,
      nextRevision: last && BigInt(last.revision) < head ? last.revision + 1 : null,
      nextPosition: last?.position ?? null,
    };
  }
}
