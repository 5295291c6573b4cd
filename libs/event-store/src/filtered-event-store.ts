import {
  DEFAULT_READ_ALL_MAX_COUNT,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from './event-store.port';
import { unreadableReason } from './unreadable-event';

export type SkipReason = 'foreign' | 'unreadable';

export interface UnreadableEvent {
  position: string;
  streamId: string;
  type: string;
  reason: string;
}

/** The smallest page read from the inner store (see readAll). */
const MIN_PAGE = 100;
/** Distinct unreadable events kept for reports; past this many only the count grows. */
const KEPT_UNREADABLE = 20;

/**
 * The log as the application sees it: only the events of its own streams (`isOurs`), and only readable ones.
 * A store may hold other streams (another application's, a test suite's) and rows that are not JSON; every
 * reader of the global log (readAll, subscribeToAll) skips them by the same rule here, so none of them can
 * disagree, and none stalls on them. Each skip is reported to `onSkip` (metrics); the unreadable events are
 * also kept (see unreadable()) for health and verification reports. Reads of a named stream pass through.
 */
export class FilteredEventStore implements EventStore {
  readonly readEvent?: EventStore['readEvent'];
  readonly storeId?: EventStore['storeId'];
  /** Positions of every unreadable event met (they are rare), so that several readers count one once. */
  private readonly unreadablePositions = new Set<bigint>();
  private readonly unreadableKept: UnreadableEvent[] = [];

  constructor(
    /** The adapter filtered (tools that need its own figures, such as the benchmarks' commit counters). */
    readonly inner: EventStore,
    private readonly isOurs: (streamId: string) => boolean,
    private readonly onSkip: (reason: SkipReason, event: RecordedEvent) => void = () => undefined,
  ) {
    if (inner.readEvent) this.readEvent = inner.readEvent.bind(inner);
    if (inner.storeId) this.storeId = inner.storeId.bind(inner);
    // countEvents is not passed on: the inner store would count others' events too. Without it, callers
    // count by paging readAll (see LagCounter), which counts ours only.
  }

  append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(streamId);
  }

  /**
   * Pages through the inner log until maxCount events are kept or the log ends: a page of skipped events is
   * not the end. Inner pages are at least MIN_PAGE long, so a run of others' events is not read one by one.
   */
  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.read(options, false);
  }

  /**
   * readAll, except that the unreadable events of our streams are kept (marked: see unreadableReason), for
   * verification, which reports them where they are. Others' streams are skipped all the same.
   */
  readAllWithUnreadable(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.read(options, true);
  }

  private async read(options: ReadAllOptions, withUnreadable: boolean): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT;
    const kept: RecordedEvent[] = [];
    if (maxCount <= 0) return kept;
    let from = options.fromPosition;
    for (;;) {
      const wanted = Math.max(maxCount - kept.length, MIN_PAGE);
      const page = await this.inner.readAll({
        ...(from === undefined ? {} : { fromPosition: from }),
        maxCount: wanted,
      });
      for (const event of page) {
        const verdict = this.judge(event);
        if (verdict === 'foreign' || (verdict === 'unreadable' && !withUnreadable)) continue;
        kept.push(event);
        if (kept.length === maxCount) return kept;
      }
      if (page.length < wanted) return kept;
      from = page[page.length - 1].position;
    }
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const keep = (event: RecordedEvent) => this.keep(event);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) if (keep(event)) yield event;
      },
    };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The unreadable events met so far by any reader (the first few), and how many distinct ones. */
  unreadable(): { count: number; events: UnreadableEvent[] } {
    return { count: this.unreadablePositions.size, events: [...this.unreadableKept] };
  }

  private keep(event: RecordedEvent): boolean {
    return this.judge(event) === 'ours';
  }

  /** Whether the event is ours and readable; reports it when not. */
  private judge(event: RecordedEvent): 'ours' | SkipReason {
    if (!this.isOurs(event.streamId)) {
      this.onSkip('foreign', event);
      return 'foreign';
    }
    const reason = unreadableReason(event);
    if (reason === undefined) return 'ours';
    this.onSkip('unreadable', event);
    this.noteUnreadable(event, reason);
    return 'unreadable';
  }

  private noteUnreadable(event: RecordedEvent, reason: string): void {
    if (this.unreadablePositions.has(event.position)) return;
    this.unreadablePositions.add(event.position);
    if (this.unreadableKept.length >= KEPT_UNREADABLE) return;
    this.unreadableKept.push({
      position: event.position.toString(),
      streamId: event.streamId,
      type: event.type,
      reason,
    });
  }
}
