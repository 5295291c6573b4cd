import { Inject, Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AsOfEvents, eventUpcasters, UpcastingEventStore } from '@app/audit';
import { marketStreamId, programStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { ReadModels } from '@app/projections';
import { MarketWriter } from '../../write/market-writer';

/** Events read per page: one page read and upcast per turn of the event loop, about 2 ms. */
const PAGE_SIZE = 500;

/** Where a program's streams stand: what its cached answers depend on. */
export interface ProgramHead {
  programId: string;
  /** Its markets, as the live read models know them. */
  markets: string[];
  /** Its streams and the revision of each one's last event (-1n for none yet). */
  streams: { streamId: string; revision: bigint }[];
  /** Changes with any append to the program (or a market newly known): part of every cache key. */
  key: string;
}

/**
 * Reads a program's events (its stream and its markets') for the replays: where they stand (cheap: one
 * lookup per stream), then all of them up to exactly there, a page per turn of the event loop.
 */
@Injectable()
export class ProgramEventsReader {
  private readonly store: EventStore;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly liveModels: ReadModels,
    private readonly markets: MarketWriter,
  ) {
    this.store = new UpcastingEventStore(store, eventUpcasters);
  }

  async head(programId: string): Promise<ProgramHead> {
    await this.markets.requireProgram(programId);
    const markets = this.liveModels.markets(programId).map((row) => row.market);
    const ids = [programStreamId(programId), ...markets.map((market) => marketStreamId(programId, market))];
    const streams = await Promise.all(
      ids.map(async (streamId) => ({
        streamId,
        revision: (await this.store.streamRevision(streamId)) ?? -1n,
      })),
    );
    const key = [programId, ...streams.map((s) => `${s.streamId}@${s.revision}`)].join(' ');
    return { programId, markets, streams, key };
  }

  /** Every event of the program up to `head`, in log order (appends since are left for a later head). */
  async read(head: ProgramHead): Promise<AsOfEvents> {
    const streams: RecordedEvent[][] = [];
    for (const { streamId, revision } of head.streams)
      streams.push(await this.readRange(streamId, 0n, revision));
    return AsOfEvents.merge(streams);
  }

  /** The events of one stream from revision `from` to `to` (both included), a page per turn of the event loop. */
  async readRange(streamId: string, from: bigint, to: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    while (from <= to) {
      const maxCount = to - from < BigInt(PAGE_SIZE) ? Number(to - from) + 1 : PAGE_SIZE;
      const page = await this.store.readStream(streamId, { fromRevision: from, maxCount });
      const inRange = page.filter((event) => event.revision <= to);
      events.push(...inRange);
      if (inRange.length < maxCount) break;
      from = inRange[inRange.length - 1].revision + 1n;
      await nextTurn();
    }
    return events;
  }
}
