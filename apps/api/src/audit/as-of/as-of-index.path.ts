import { marketStreamId, programStreamId } from '@app/domain';
import { instantOf, type AsOfBasis } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import {
  asOfIndexProjection,
  AsOfIndexReads,
  MarketAt,
  programRowAt,
  type IndexBasis,
  type MarketDailyRow,
  type MarketProgressRow,
  type ProgramRow,
  type ProgressReads,
  type ProjectionRunner,
} from '@app/projections';
import type { AsOfMetrics } from './as-of.metrics';
import type { ProgramEventsReader, ProgramHead } from './program-events.reader';

/** How long a question waits for the index to reach the program's head before the full replay answers it. */
const CATCH_UP_MS = 1000;

/** Why the index did not answer (the full replay did): a metric label. */
export type IndexMiss = 'irregular' | 'behind' | 'unavailable';

const INDEX_BASIS: Record<AsOfBasis, IndexBasis> = { recorded: 'r', occurred: 'o' };

/** What the index holds of a program at one moment: read in one synchronous go, so one committed state. */
interface IndexState {
  zone: string;
  /** The revision of each market stream the answer covers (the index's: the head's or later). */
  revisions: Map<string, number>;
}

/**
 * As-of answers from the as-of index (libs/projections as-of-index.*) instead of a replay of the whole
 * history: the index's spans before the instant's, the events of the instant's own span read from the log, the
 * program's own stream (a few events) folded as the programs projection does. Its cost follows what happened
 * around the instant, not the length of the history. Returns undefined when the index cannot answer exactly
 * (a program marked irregular, an index behind the head after a short wait, no index yet): the caller replays.
 */
export class AsOfIndexPath {
  private readonly index: AsOfIndexReads;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly reader: ProgramEventsReader,
    private readonly metrics: AsOfMetrics,
  ) {
    this.index = new AsOfIndexReads(runner.reader);
  }

  /** The read models progress reads, as they stood at `instant`; undefined: ask the replay. */
  async readsAt(head: ProgramHead, instant: Date, basis: AsOfBasis): Promise<ProgressReads | undefined> {
    const at = instant.getTime();
    const indexBasis = INDEX_BASIS[basis];
    const found = await this.state(head, () => this.index.marketsBefore(head.programId, indexBasis, at));
    if (found === undefined) return undefined;
    const { state, read } = found;
    const markets = head.markets.map(
      (market) => new MarketAt(head.programId, market, read.get(market), state.zone, indexBasis, at),
    );
    for (const market of markets) {
      const streamId = marketStreamId(head.programId, market.market);
      for (const event of await this.readRuns(streamId, read.get(market.market)?.runs ?? [], state))
        market.add(event);
    }
    let program: ProgramRow | undefined;
    try {
      program = programRowAt(await this.programEvents(head), head.programId, indexBasis, at);
    } catch {
      return this.miss('irregular');
    }
    const rows = new Map<string, { row: MarketProgressRow; daily: MarketDailyRow[] }>();
    for (const market of markets) {
      const row = market.row();
      if (row !== undefined) rows.set(market.market, { row, daily: market.daily() });
    }
    this.metrics.indexed('index');
    return {
      program: (programId) => (programId === head.programId ? program : undefined),
      markets: (programId) =>
        programId === head.programId ? [...rows.values()].map((m) => m.row).sort(byMarket) : [],
      market: (programId, market) => (programId === head.programId ? rows.get(market)?.row : undefined),
      daily: (programId, market) => (programId === head.programId ? (rows.get(market)?.daily ?? []) : []),
    };
  }

  /** The program's events known at `to` and not at `from`, in log order; undefined: ask the replay. */
  async eventsBetween(
    head: ProgramHead,
    from: Date,
    to: Date,
    basis: AsOfBasis,
  ): Promise<RecordedEvent[] | undefined> {
    const indexBasis = INDEX_BASIS[basis];
    const [after, upTo] = [from.getTime(), to.getTime()];
    if (!(after < upTo)) return [];
    const found = await this.state(head, () =>
      head.markets.map((market) => this.index.runs(head.programId, market, indexBasis, after, upTo)),
    );
    if (found === undefined) return undefined;
    const events = await this.programEvents(head);
    for (const [i, market] of head.markets.entries()) {
      events.push(
        ...(await this.readRuns(marketStreamId(head.programId, market), found.read[i], found.state)),
      );
    }
    this.metrics.indexed('index');
    return events
      .filter((event) => {
        const at = instantOf(event, basis);
        return at > after && at <= upTo;
      })
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /**
   * The index's state of the program with what `read` reads from it, in one synchronous go; waits (briefly)
   * for the index to reach the head when it is behind.
   */
  private async state<T>(
    head: ProgramHead,
    read: () => T,
  ): Promise<{ state: IndexState; read: T } | undefined> {
    for (let attempt = 0; ; attempt++) {
      let found: { state: IndexState; read: T };
      let behind: { streamId: string; revision: bigint }[];
      try {
        const program = this.index.program(head.programId);
        if (program === undefined) return this.miss('behind');
        if (program.irregular !== null) return this.miss('irregular');
        const revisions = this.index.revisions(head.programId);
        found = { state: { zone: program.zone, revisions }, read: read() };
        behind = head.streams.filter(
          ({ streamId, revision }) =>
            streamId !== programStreamId(head.programId) && BigInt(revisions.get(streamId) ?? -1) < revision,
        );
      } catch {
        return this.miss('unavailable'); // no generation of the index serving reads yet
      }
      if (behind.length === 0) return found;
      if (attempt > 0) return this.miss('behind');
      const positions = await Promise.all(behind.map((s) => this.positionOf(s.streamId, s.revision)));
      const last = positions.reduce((max, position) => (position > max ? position : max), 0n);
      if (!(await this.runner.waitForProjection(asOfIndexProjection.name, last, CATCH_UP_MS)))
        return this.miss('behind');
    }
  }

  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await this.reader.readRange(streamId, revision, revision);
    return event?.position ?? 0n;
  }

  /** The events of a market stream in `runs` (overlapping runs read once), up to the index's revision. */
  private async readRuns(
    streamId: string,
    runs: [number, number][],
    state: IndexState,
  ): Promise<RecordedEvent[]> {
    const last = state.revisions.get(streamId) ?? -1;
    const sorted = [...runs].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of sorted) {
      const previous = merged.at(-1);
      if (previous !== undefined && from <= previous[1] + 1) previous[1] = Math.max(previous[1], to);
      else merged.push([from, to]);
    }
    const events: RecordedEvent[] = [];
    for (const [from, to] of merged) {
      if (from > last) break;
      events.push(...(await this.reader.readRange(streamId, BigInt(from), BigInt(Math.min(to, last)))));
    }
    return events;
  }

  private async programEvents(head: ProgramHead): Promise<RecordedEvent[]> {
    const streamId = programStreamId(head.programId);
    const revision = head.streams.find((stream) => stream.streamId === streamId)?.revision ?? -1n;
    return this.reader.readRange(streamId, 0n, revision);
  }

  private miss(why: IndexMiss): undefined {
    this.metrics.indexed(why);
    return undefined;
  }
}

const byMarket = (a: MarketProgressRow, b: MarketProgressRow) =>
  a.market < b.market ? -1 : a.market > b.market ? 1 : 0;
