import type { ProgramProgressView } from '@app/projections';
import { changesText, compareProgress, fullText, type SentProgress } from './progress-changes';

/** One event of a program's stream, its data already JSON text: the same object goes to every stream. */
export interface FeedEvent {
  type: 'progress' | 'progress-changes';
  /** The view's global position: what the client saw up to. */
  id: string;
  data: string;
}

export type FeedListener = (event: FeedEvent) => void;

/**
 * `changes`: a stream opens with the whole view (`progress`), then gets only what changed
 * (`progress-changes`); `full`: every event is the whole view (`SSE_FULL_VIEWS=1`, for clients written before
 * `progress-changes`).
 */
export type FeedMode = 'changes' | 'full';

/**
 * The live feed of one program, shared by all its open streams: each change (or each tick of the re-check)
 * computes the view once, compares it with what the streams hold, makes the event's text once, and hands the
 * same event to every stream. A stream that joins gets the whole view its peers hold, so a later
 * `progress-changes` applies to it as to them.
 */
export class ProgramFeed {
  private readonly listeners = new Set<FeedListener>();
  private sent?: SentProgress;
  private pendingMarkets = new Set<string>();
  private pendingStep = false;

  constructor(
    private readonly compute: () => ProgramProgressView,
    private readonly mode: FeedMode,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Sends the whole view to `listener` at once, then every event to come; returns how to leave. */
  join(listener: FeedListener): () => void {
    // Brings the peers up to date first: the newcomer's view is then exactly theirs.
    this.update(false);
    listener(this.wholeView(this.sent as SentProgress));
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Steps changed these markets (none: the program itself): sent with the next update. */
  stepped(markets: readonly string[]): void {
    for (const market of markets) this.pendingMarkets.add(market);
    this.pendingStep = true;
  }

  /**
   * Compares the current view with what the streams hold and sends what differs: after steps (`afterSteps`,
   * always an event, which names the markets the steps changed), or on the re-check, where only a view that
   * time changed (a market turning stale or off track) is worth an event.
   */
  update(afterSteps: boolean): void {
    const stepped = afterSteps && this.pendingStep;
    const steppedMarkets = stepped ? [...this.pendingMarkets].sort() : [];
    if (afterSteps) {
      this.pendingMarkets = new Set();
      this.pendingStep = false;
    }
    const view = this.compute();
    const before = this.sent;
    if (before?.view === view && !stepped) return;
    const difference =
      before?.view === view
        ? { next: before, changedMarkets: [], fieldsChanged: false }
        : compareProgress(before, view);
    this.sent = difference.next;
    if (before === undefined) return;
    if (!stepped && difference.changedMarkets.length === 0 && !difference.fieldsChanged) return;
    const id = String(view.position);
    const event: FeedEvent =
      this.mode === 'full'
        ? { type: 'progress', id, data: fullText(difference.next, steppedMarkets) }
        : {
            type: 'progress-changes',
            id,
            data: changesText(difference.next, difference.changedMarkets, steppedMarkets),
          };
    for (const listener of this.listeners) listener(event);
  }

  private opening?: { sent: SentProgress; event: FeedEvent };

  /** The opening event, made once per state however many streams join meanwhile. */
  private wholeView(sent: SentProgress): FeedEvent {
    if (this.opening?.sent !== sent) {
      const event: FeedEvent = { type: 'progress', id: String(sent.view.position), data: fullText(sent) };
      this.opening = { sent, event };
    }
    return this.opening.event;
  }
}
