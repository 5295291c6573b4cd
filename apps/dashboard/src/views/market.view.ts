import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { seriesUpTo, stepsUpTo } from '../as-of';
import { announce } from '../dom';
import { formatDate, formatPercent } from '../format';
import { SseClient } from '../live/sse-client';
import { marketHref, type AsOf } from '../router';
import { MarketDetail } from './market-detail';
import { TimeControl } from './time-control';
import { showError, type View, type ViewContext } from './view';

const STEPS_LIMIT = 20;
/** As of a past instant the market's steps are filtered in the page, from this many latest steps. */
const HISTORY_LIMIT = 500;

/**
 * One market in depth; live, or as of a past instant (`asOf`), when the figures come from the as-of progress
 * routes, the series and steps are cut to that instant, and no live update applies.
 */
export class MarketView implements View {
  private readonly control: TimeControl;
  private readonly detail: MarketDetail;
  private program?: ProgramProgress;
  private stream?: SseClient;
  private disposed = false;
  /** Bumped on every switch between live and a past instant: an older load never draws over a newer one. */
  private generation = 0;

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    private readonly market: string,
    private asOf: AsOf | null = null,
  ) {
    this.control = new TimeControl(
      context.connection,
      () => this.program?.timeZone,
      (chosen) => void this.switchTo(chosen),
    );
    this.detail = new MarketDetail(this.control.element);
  }

  async mount(): Promise<void> {
    const { api, root } = this.context;
    try {
      await this.draw(api.programProgress(this.programId, this.asOf ?? undefined), this.generation);
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      if (this.disposed) return;
      return showError(root, `Market ${this.market} not available`, error);
    }
    if (this.disposed) return;
    root.replaceChildren(this.detail.element);
    this.detail.element.querySelector<HTMLElement>('h1')?.focus();
    this.showMode();
    if (!this.asOf) this.startStream();
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    this.detail.destroy();
    this.context.connection('hidden');
  }

  private startStream(): void {
    const { api } = this.context;
    this.stream = new SseClient(api.streamUrl(this.programId), api.authorization, {
      onEvent: (event, data, first) => {
        // A past view is never overwritten by live updates.
        if (event !== 'progress' || this.asOf) return;
        const progress = data as ProgressEvent;
        if (first || progress.changedMarkets.includes(this.market)) void this.onProgress(progress, first);
      },
      onState: (state) => {
        if (!this.asOf) this.context.connection(state);
      },
      onUnauthorized: (error) => this.context.unauthorized(error.message),
    });
    this.stream.start();
  }

  private async onProgress(progress: ProgressEvent, first: boolean): Promise<void> {
    try {
      const shown = await this.draw(progress, this.generation);
      if (shown && !first)
        announce(`${shown.market} updated: ${formatPercent(shown.percentVerified)} verified`);
    } catch (error) {
      if (error instanceof UnauthorizedError) this.context.unauthorized(error.message);
      // Other failures leave the last figures in place; the next update retries.
    }
  }

  /** Switches in place (no reload), keeping the choice in the URL so that it deep-links. */
  private async switchTo(asOf: AsOf | null): Promise<void> {
    const mine = ++this.generation;
    this.stream?.close();
    this.stream = undefined;
    this.asOf = asOf;
    const href = marketHref(this.programId, this.market, asOf);
    if (location.hash !== href) history.pushState(null, '', href);
    let shown: MarketProgress | null;
    try {
      shown = await this.draw(this.context.api.programProgress(this.programId, asOf ?? undefined), mine);
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      if (this.disposed || mine !== this.generation) return;
      return this.control.unavailable(asOf, this.program?.timeZone ?? 'UTC', error);
    }
    if (!shown || !this.program) return;
    this.showMode();
    const when = asOf ? ` as of ${formatDate(asOf.asOf, this.program.timeZone)}` : '';
    announce(`Showing ${shown.market}${when}: ${formatPercent(shown.percentVerified)} verified`);
    if (!asOf) this.startStream();
  }

  private showMode(): void {
    const program = this.program as ProgramProgress;
    this.control.show(this.asOf, program.timeZone, program.asOf);
  }

  /**
   * The program frame (given, or on its way) with the market's figures, series and steps, live or as of
   * `asOf`; drawn unless a newer switch came meanwhile (then null).
   */
  private async draw(
    program: ProgramProgress | Promise<ProgramProgress>,
    mine: number,
  ): Promise<MarketProgress | null> {
    const { api } = this.context;
    const asOf = this.asOf;
    const [frame, market, series, timeline] = await Promise.all([
      program,
      api.marketProgress(this.programId, this.market, asOf ?? undefined),
      api.marketSeries(this.programId, this.market).catch((): MarketSeries | null => null),
      api.timeline(this.programId, { market: this.market, limit: asOf ? HISTORY_LIMIT : STEPS_LIMIT }),
    ]);
    if (this.disposed || mine !== this.generation) return null;
    this.program = frame;
    this.detail.render({
      program: frame,
      market,
      series: seriesUpTo(series, asOf, frame.timeZone),
      steps: stepsUpTo(timeline.steps, asOf, STEPS_LIMIT),
      pastView: asOf,
    });
    return market;
  }
}
