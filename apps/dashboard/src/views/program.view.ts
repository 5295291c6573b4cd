import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { seriesUpTo, stepsUpTo } from '../as-of';
import { announce, h } from '../dom';
import { formatDate, formatPercent } from '../format';
import { programHref, type AsOf } from '../router';
import { LiveOrPastController } from './live-or-past.controller';
import { MarketCard, type ProgramFrame } from './market-card';
import { ProgramNotifications } from './market-notification';
import { connectedLabel, programHeader, updateProgramHeader } from './program-header';
import { programSpan } from '../charts/burn-up.data';
import { renderTimeline } from './timeline';
import { showError, type View, type ViewContext } from './view';

const TIMELINE_LIMIT = 15;
/** As of a past instant the timeline is filtered in the page, from this many latest steps. */
const HISTORY_LIMIT = 500;

/**
 * The whole program at a glance: header and totals, one card per market, the recent steps; live, or as of a
 * past instant (`asOf`), when the figures come from the as-of progress routes and no live update applies.
 */
export class ProgramView implements View {
  private readonly cards = new Map<string, MarketCard>();
  private readonly live: LiveOrPastController;
  private readonly header: HTMLElement;
  private readonly grid = h('div', { class: 'market-grid', 'data-field': 'markets' });
  private readonly timeline = h('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  private progress?: ProgramProgress;
  private readonly notifications: ProgramNotifications;

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    asOf: AsOf | null = null,
  ) {
    this.live = new LiveOrPastController(context, programId, asOf, {
      timeZone: () => this.progress?.timeZone,
      href: (chosen) => programHref(programId, chosen),
      show: (chosen, load) => this.show(chosen, load),
      progress: (event, first) => void this.onProgress(event, first),
      connectedLabel: () => connectedLabel(this.progress),
    });
    this.header = programHeader(this.live.control.element);
    this.notifications = new ProgramNotifications(
      context.api,
      programId,
      (last) => this.cards.forEach((card, code) => card.showNotification(last.get(code))),
      (message) => context.unauthorized(message),
    );
  }

  async mount(): Promise<void> {
    const { api, root } = this.context;
    const load = this.live.load;
    try {
      this.progress = await api.programProgress(this.programId, this.live.asOf ?? undefined, load);
    } catch (error) {
      if (this.live.isDisposed) return; // the page went: its request was cancelled, nothing to say
      return this.fail(error, 'Program not available');
    }
    if (this.live.isDisposed) return;
    root.replaceChildren(
      this.header,
      h(
        'section',
        { 'aria-labelledby': 'markets-title' },
        h('h2', { id: 'markets-title' }, 'Markets'),
        this.grid,
      ),
      h(
        'section',
        { class: 'timeline-section', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Recent steps'),
        this.timeline,
      ),
    );
    this.render(this.progress);
    this.header.querySelector<HTMLElement>('h1')?.focus();
    this.showMode();
    await this.refresh(this.progress.markets.map((m) => m.market));
    this.live.goLive(load);
  }

  /** The time control, the indicator and the header say what is shown: live or a past instant. */
  private showMode(): void {
    const progress = this.progress as ProgramProgress;
    this.header.dataset.mode = this.live.asOf ? 'historical' : 'live';
    this.live.showMode(progress.timeZone, progress.asOf);
  }

  /** After a switch: the program live or as of `asOf`, and what is shown, said to screen readers. */
  private async show(asOf: AsOf | null, load: AbortSignal): Promise<void> {
    const progress = await this.context.api.programProgress(this.programId, asOf ?? undefined, load);
    if (!this.live.isCurrent(load)) return;
    this.progress = progress;
    this.render(progress);
    this.showMode();
    announce(
      asOf ? `Showing the program as of ${formatDate(asOf.asOf, progress.timeZone)}` : 'Showing live figures',
    );
    await this.refresh(progress.markets.map((m) => m.market));
  }

  dispose(): void {
    this.live.dispose();
    this.notifications.close();
    for (const card of this.cards.values()) card.destroy();
  }

  private frame = (): ProgramFrame => {
    const p = this.progress as ProgramProgress;
    return {
      programId: p.programId,
      span: programSpan(p),
      deadline: p.deadline,
      timeZone: p.timeZone,
      asOf: p.asOf,
      pastView: this.live.asOf,
    };
  };

  private render(progress: ProgramProgress): void {
    updateProgramHeader(this.header, progress);
    // A past instant may have fewer markets (not yet enrolled): their cards go, and come back in order.
    for (const [code, card] of this.cards) {
      if (progress.markets.some((m) => m.market === code)) continue;
      card.destroy();
      card.element.remove();
      this.cards.delete(code);
    }
    progress.markets.forEach((market, index) => {
      let card = this.cards.get(market.market);
      if (!card) {
        card = new MarketCard(this.frame, market.market);
        this.cards.set(market.market, card);
        card.showNotification(this.notifications.current.get(market.market));
      }
      // Moved only when out of place: moving an element takes the keyboard focus away from it, and this runs on
      // every live update.
      const atIndex = this.grid.children[index] ?? null;
      if (atIndex !== card.element) this.grid.insertBefore(card.element, atIndex);
      card.update(market);
    });
  }

  private async onProgress(event: ProgressEvent, first: boolean): Promise<void> {
    if (this.live.isDisposed) return;
    this.progress = event;
    this.render(event);
    // An event means the feed is connected; the program may have just ended.
    this.context.connection('live', connectedLabel(event));
    // The first event of a connection may follow a gap: everything is fetched again.
    const changed = first ? event.markets.map((m) => m.market) : event.changedMarkets;
    if (!first && changed.length > 0) {
      announce(
        changed
          .map((code) => event.markets.find((m) => m.market === code))
          .filter((m): m is MarketProgress => m !== undefined)
          .map((m) => `${m.market} updated: ${formatPercent(m.percentVerified)} verified`)
          .join('. '),
      );
    }
    await this.refresh(changed);
  }

  /** Forecasts and series of the given markets, and the timeline. */
  private async refresh(markets: string[]): Promise<void> {
    const { api } = this.context;
    const asOf = this.live.asOf;
    const load = this.live.load;
    // A past instant shows no notification; live, a change may bring one.
    this.notifications.follow(!asOf);
    try {
      const [timeline, ...perMarket] = await Promise.all([
        api.timeline(this.programId, { limit: asOf ? HISTORY_LIMIT : TIMELINE_LIMIT }, load),
        ...markets.map((market) =>
          Promise.all([
            api.marketProgress(this.programId, market, asOf ?? undefined, load),
            api.marketSeries(this.programId, market, load).catch((): MarketSeries | null => null),
          ]),
        ),
      ]);
      if (!this.live.isCurrent(load) || !this.progress) return;
      const { timeZone } = this.progress;
      renderTimeline(this.timeline, stepsUpTo(timeline.steps, asOf, TIMELINE_LIMIT), timeZone);
      for (const [detail, series] of perMarket) {
        const current = this.progress.markets.find((m) => m.market === detail.market) ?? detail;
        this.cards.get(detail.market)?.update(current, detail, seriesUpTo(series, asOf, timeZone));
      }
    } catch (error) {
      if (error instanceof UnauthorizedError) this.context.unauthorized(error.message);
      // Other failures leave the last figures in place; the next update retries.
    }
  }

  private fail(error: unknown, title: string): void {
    if (error instanceof UnauthorizedError) this.context.unauthorized(error.message);
    else showError(this.context.root, title, error);
  }
}
