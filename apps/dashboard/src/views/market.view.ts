import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { seriesUpTo, stepsUpTo } from '../as-of';
import { announce } from '../dom';
import { formatDate, formatPercent } from '../format';
import type { LastNotification } from '../notification-words';
import { marketHref, type AsOf } from '../router';
import { LiveOrPastController } from './live-or-past.controller';
import { MarketDetail } from './market-detail';
import { ProgramNotifications } from './market-notification';
import { connectedLabel } from './program-header';
import { showError, type View, type ViewContext } from './view';

const STEPS_LIMIT = 20;
/** As of a past instant the market's steps are filtered in the page, from this many latest steps. */
const HISTORY_LIMIT = 500;

/**
 * One market in depth; live, or as of a past instant (`asOf`), when the figures come from the as-of progress
 * routes, the series and steps are cut to that instant, and no live update applies.
 */
export class MarketView implements View {
  private readonly live: LiveOrPastController;
  private readonly detail: MarketDetail;
  private readonly notifications: ProgramNotifications;
  private program?: ProgramProgress;

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    private readonly market: string,
    asOf: AsOf | null = null,
  ) {
    this.live = new LiveOrPastController(context, programId, asOf, {
      timeZone: () => this.program?.timeZone,
      href: (chosen) => marketHref(programId, market, chosen),
      show: (chosen, load) => this.show(chosen, load),
      progress: (progress, first) => {
        // Steps changed the market, or time did (it turned stale, say): its figures came with the event.
        if (first || progress.changedMarkets.includes(market) || progress.marketsSent.includes(market))
          void this.onProgress(progress, first);
      },
      connectedLabel: () => connectedLabel(this.program),
    });
    this.detail = new MarketDetail(this.live.control.element);
    this.notifications = new ProgramNotifications(
      context.api,
      programId,
      (last) => this.showNotification(last.get(market)),
      (message) => context.unauthorized(message),
    );
  }

  async mount(): Promise<void> {
    const { api, root } = this.context;
    const load = this.live.load;
    try {
      await this.draw(api.programProgress(this.programId, this.live.asOf ?? undefined, load), load);
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      if (this.live.isDisposed) return;
      return showError(root, `Market ${this.market} not available`, error);
    }
    if (this.live.isDisposed) return;
    root.replaceChildren(this.detail.element);
    this.detail.element.querySelector<HTMLElement>('h1')?.focus();
    this.showMode();
    this.live.goLive(load);
  }

  dispose(): void {
    this.live.dispose();
    this.notifications.close();
    this.detail.destroy();
  }

  private showNotification(last: LastNotification | undefined): void {
    if (this.program) this.detail.showNotification(last, this.program.timeZone);
  }

  private async onProgress(progress: ProgressEvent, first: boolean): Promise<void> {
    try {
      // An event means the feed is connected; the program may have just ended.
      this.context.connection('live', connectedLabel(progress));
      const shown = await this.draw(progress, this.live.load);
      if (shown && !first)
        announce(`${shown.market} updated: ${formatPercent(shown.percentVerified)} verified`);
    } catch (error) {
      if (error instanceof UnauthorizedError) this.context.unauthorized(error.message);
      // Other failures leave the last figures in place; the next update retries.
    }
  }

  /** After a switch: the market live or as of `asOf`, and what is shown, said to screen readers. */
  private async show(asOf: AsOf | null, load: AbortSignal): Promise<void> {
    const shown = await this.draw(
      this.context.api.programProgress(this.programId, asOf ?? undefined, load),
      load,
    );
    if (!shown || !this.program) return;
    this.showMode();
    const when = asOf ? ` as of ${formatDate(asOf.asOf, this.program.timeZone)}` : '';
    announce(`Showing ${shown.market}${when}: ${formatPercent(shown.percentVerified)} verified`);
  }

  private showMode(): void {
    const program = this.program as ProgramProgress;
    this.live.showMode(program.timeZone, program.asOf);
  }

  /**
   * The program frame (given, or on its way) with the market's figures, series and steps, live or as of
   * `asOf`; drawn unless a newer switch came meanwhile (then null).
   */
  private async draw(
    program: ProgramProgress | Promise<ProgramProgress>,
    load: AbortSignal,
  ): Promise<MarketProgress | null> {
    const { api } = this.context;
    const asOf = this.live.asOf;
    const [frame, market, series, timeline] = await Promise.all([
      program,
      api.marketProgress(this.programId, this.market, asOf ?? undefined, load),
      api.marketSeries(this.programId, this.market, load).catch((): MarketSeries | null => null),
      api.timeline(this.programId, { market: this.market, limit: asOf ? HISTORY_LIMIT : STEPS_LIMIT }, load),
    ]);
    if (!this.live.isCurrent(load)) return null;
    this.program = frame;
    this.detail.render({
      program: frame,
      market,
      series: seriesUpTo(series, asOf, frame.timeZone),
      steps: stepsUpTo(timeline.steps, asOf, STEPS_LIMIT),
      pastView: asOf,
    });
    // A past instant shows no notification; live, a change may bring one.
    this.notifications.follow(asOf === null);
    this.showNotification(this.notifications.current.get(this.market));
    return market;
  }
}
