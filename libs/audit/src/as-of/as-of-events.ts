import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RecordedEvent } from '@app/event-store';
import { instantOf, type AsOfBasis } from './as-of-replay';

/** Events merged per turn of the event loop: two dates parsed each, about 2 ms a slice. */
const MERGE_SLICE = 2000;

/**
 * The events of several streams in log order, with the instants `knownAt` compares parsed once: one read of
 * a program answers any instant on either basis by comparing numbers. Merging yields to the event loop
 * between slices, so a long history does not hold up the requests waiting for the server.
 */
export class AsOfEvents {
  private constructor(
    readonly events: readonly RecordedEvent[],
    private readonly recorded: Float64Array,
    private readonly occurred: Float64Array,
  ) {}

  /** `streams`: each in position order (as a stream is read forwards). */
  static async merge(streams: readonly (readonly RecordedEvent[])[]): Promise<AsOfEvents> {
    const total = streams.reduce((sum, stream) => sum + stream.length, 0);
    const events = new Array<RecordedEvent>(total);
    const recorded = new Float64Array(total);
    const occurred = new Float64Array(total);
    const next = streams.map(() => 0);
    for (let i = 0; i < total; i++) {
      let from = -1;
      for (let s = 0; s < streams.length; s++) {
        if (next[s] === streams[s].length) continue;
        if (from < 0 || streams[s][next[s]].position < streams[from][next[from]].position) from = s;
      }
      const event = streams[from][next[from]++];
      events[i] = event;
      recorded[i] = instantOf(event, 'recorded');
      occurred[i] = instantOf(event, 'occurred');
      if ((i + 1) % MERGE_SLICE === 0) await nextTurn();
    }
    return new AsOfEvents(events, recorded, occurred);
  }

  /** The events known at `instant` on `basis` (see knownAt), in log order. */
  knownAt(instant: Date, basis: AsOfBasis): RecordedEvent[] {
    const at = this.instants(basis);
    const limit = instant.getTime();
    return this.events.filter((_, i) => at[i] <= limit);
  }

  /** The events known at `to` but not at `from`, in log order. */
  between(from: Date, to: Date, basis: AsOfBasis): RecordedEvent[] {
    const at = this.instants(basis);
    const [after, upTo] = [from.getTime(), to.getTime()];
    return this.events.filter((_, i) => at[i] <= upTo && at[i] > after);
  }

  private instants(basis: AsOfBasis): Float64Array {
    return basis === 'recorded' ? this.recorded : this.occurred;
  }
}
