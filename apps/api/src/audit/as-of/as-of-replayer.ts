import { Inject, Injectable } from '@nestjs/common';
import { eventUpcasters, knownAt, replayReadModels, UpcastingEventStore, type AsOfBasis } from '@app/audit';
import { marketStreamId, programStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { MarketWriter } from '../../write/market-writer';
import { ProgressCalculator, ProgressService, ReadModels } from '@app/projections';

/**
 * Progress as of an instant of the past: the program's events known (or happened) by then are replayed
 * through the live projections into a private in-memory database, and the live ProgressService runs on it
 * with its clock stopped at that instant. Same code, same shape as live progress.
 */
@Injectable()
export class AsOfReplayer {
  private readonly store: EventStore;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly liveModels: ReadModels,
    private readonly calculator: ProgressCalculator,
    private readonly markets: MarketWriter,
  ) {
    this.store = new UpcastingEventStore(store, eventUpcasters);
  }

  /** Every event of the program (its stream and its markets'), in log order. */
  async programEvents(programId: string): Promise<RecordedEvent[]> {
    await this.markets.requireProgram(programId);
    const streams = [
      programStreamId(programId),
      ...this.liveModels.markets(programId).map((row) => marketStreamId(programId, row.market)),
    ];
    const events = (await Promise.all(streams.map((stream) => this.store.readStream(stream)))).flat();
    return events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  async at<T>(
    events: readonly RecordedEvent[],
    instant: Date,
    basis: AsOfBasis,
    use: (progress: ProgressService) => T,
  ): Promise<T> {
    const replay = await replayReadModels(events.filter((event) => knownAt(event, instant, basis)));
    try {
      return use(new ProgressService(new ReadModels(replay.runner), this.calculator, () => instant));
    } finally {
      replay.close();
    }
  }
}
