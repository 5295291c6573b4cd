import { UnauthorizedError } from '../api/api-client';
import { LiveProgress, type LiveProgressView } from '../live/live-progress';
import { SseClient } from '../live/sse-client';
import type { AsOf } from '../router';
import { TimeControl } from './time-control';
import type { ViewContext } from './view';

/** What a page that shows a program live or as of a past instant does for itself. */
export interface LiveOrPastPage {
  /** The program's time zone, once known: a day chosen in the time control is read in it. */
  timeZone(): string | undefined;
  /** The page's link for what is shown (live when `asOf` is null). */
  href(asOf: AsOf | null): string;
  /**
   * Loads and draws the page for `asOf` under `load`, a signal aborted when a newer load starts or the page
   * goes: draws nothing once `isCurrent(load)` is false;
   * throws when it cannot be shown (the figures then stay as they were).
   */
  show(asOf: AsOf | null, load: AbortSignal): Promise<void>;
  /** The live view after each `progress` or `progress-changes` event (never while a past instant is shown). */
  progress(event: LiveProgressView, firstOfConnection: boolean): void;
  /** The indicator's words while the feed is connected: "Live", unless the program has ended. */
  connectedLabel(): string | undefined;
}

/**
 * Switching a page between live figures and a past instant (`asOf`): the time control, the live stream (open
 * only while live), the link in the URL; each load runs under an AbortController, aborted when the next starts or
 * the page goes, so that an older load never draws over a newer one.
 */
export class LiveOrPastController {
  readonly control: TimeControl;
  private stream?: SseClient;
  private disposed = false;
  /** The current load's: aborted and replaced on every switch between live and a past instant. */
  private loading = new AbortController();

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    private shown: AsOf | null,
    private readonly page: LiveOrPastPage,
  ) {
    this.control = new TimeControl(
      context.connection,
      () => page.timeZone(),
      (chosen) => void this.switchTo(chosen),
    );
  }

  /** The past instant shown, null when live. */
  get asOf(): AsOf | null {
    return this.shown;
  }

  /** The latest load's signal: a load draws only while it is not aborted. */
  get load(): AbortSignal {
    return this.loading.signal;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  isCurrent(load: AbortSignal): boolean {
    return !this.disposed && !load.aborted;
  }

  /** After load `load` is drawn: opens the live stream when live and no newer load came meanwhile. */
  goLive(load: AbortSignal): void {
    if (this.isCurrent(load) && !this.shown) this.startStream();
  }

  /** The time control and the app bar's indicator say what is shown: live or a past instant. */
  showMode(timeZone: string, shownAt: string): void {
    this.control.show(this.shown, timeZone, shownAt);
  }

  dispose(): void {
    this.disposed = true;
    this.loading.abort();
    this.stream?.close();
    this.context.connection('hidden');
  }

  /** Switches in place (no reload), keeping the choice in the URL so that it deep-links. */
  private async switchTo(asOf: AsOf | null): Promise<void> {
    this.loading.abort();
    this.loading = new AbortController();
    const load = this.loading.signal;
    this.stream?.close();
    this.stream = undefined;
    this.shown = asOf;
    const href = this.page.href(asOf);
    if (location.hash !== href) history.pushState(null, '', href);
    try {
      await this.page.show(asOf, load);
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      if (!this.isCurrent(load)) return;
      return this.control.unavailable(asOf, this.page.timeZone() ?? 'UTC', error);
    }
    this.goLive(load);
  }

  private startStream(): void {
    const { api } = this.context;
    // The whole view comes first on every connection, then only what changed: applied to the last whole view.
    const live = new LiveProgress();
    this.stream = new SseClient(api.streamUrl(this.programId), api.authorization, {
      onEvent: (event, data, first) => {
        const progress = live.apply(event, data, first);
        // A past view is never overwritten by live updates.
        if (progress && !this.shown) this.page.progress(progress, first);
      },
      onState: (state) => {
        if (!this.shown)
          this.context.connection(state, state === 'live' ? this.page.connectedLabel() : undefined);
      },
      onUnauthorized: (error) => this.context.unauthorized(error.message),
    });
    this.stream.start();
  }
}
