import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { seriesUpTo, stepsUpTo } from '../as-of';
import { announce, h } from '../dom';
import { SseClient } from '../live/sse-client';
import { formatDate, formatPercent } from '../format';
import { programHref, type AsOf } from '../router';
import { MarketCard, type ProgramFrame } from './market-card';
import { programHeader, updateProgramHeader } from './program-header';
import { TimeControl } from './time-control';
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
  private readonly control: TimeControl;
  private readonly header: HTMLElement;
  private readonly grid = h('div', { class: 'market-grid', 'data-field': 'markets' });
  private readonly timeline = h('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  private progress?: ProgramProgress;
  private stream?: SseClient;
  private disposed = false;
  /** Bumped on every switch between live and a past instant: an older load never draws over a newer one. */
  private generation = 0;

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    private asOf: AsOf | null = null,
  ) {
    this.control = new TimeControl(
      context.connection,
      () => this.progress?.timeZone,
      (chosen) => void this.switchTo(chosen),
    );
    this.header = programHeader(this.control.element);
  }

  async mount(): Promise<void> {
    const { api, root } = this.context;
    try {
      this.progress = await api.programProgress(this.programId, this.asOf ?? undefined);
    } catch (error) {
      return this.fail(error, 'Program not available');
    }
    if (this.disposed) return;
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
    const mine = this.generation;
    this.showMode();
    await this.refresh(this.progress.markets.map((m) => m.market));
    if (this.disposed || mine !== this.generation) return;
    if (!this.asOf) this.startStream();
  }

  private startStream(): void {
    const { api } = this.context;
    this.stream = new SseClient(api.streamUrl(this.programId), api.authorization, {
      onEvent: (event, data, first) => {
        // A historical view is never overwritten by live updates.
        if (event === 'progress' && !this.asOf) void this.onProgress(data as ProgressEvent, first);
      },
      onState: (state) => {
        if (!this.asOf) this.context.connection(state);
      },
      onUnauthorized: (error) => this.context.unauthorized(error.message),
    });
    this.stream.start();
  }

  /** The time control, the indicator and the header say what is shown: live or a past instant. */
  private showMode(): void {
    const progress = this.progress as ProgramProgress;
    this.header.dataset.mode = this.asOf ? 'historical' : 'live';
    this.control.show(this.asOf, progress.timeZone, progress.asOf);
  }

  /** Switches in place (no reload), keeping the choice in the URL so that it deep-links. */
  private async switchTo(asOf: AsOf | null): Promise<void> {
    const mine = ++this.generation;
    this.stream?.close();
    this.stream = undefined;
    this.asOf = asOf;
    const href = programHref(this.programId, asOf);
    if (location.hash !== href) history.pushState(null, '', href);
    let progress: ProgramProgress;
    try {
      progress = await this.context.api.programProgress(this.programId, asOf ?? undefined);
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      if (this.disposed || mine !== this.generation) return;
      this.control.unavailable(asOf, this.progress?.timeZone ?? 'UTC', error);
      return;
    }
    if (this.disposed || mine !== this.generation) return;
    this.progress = progress;
    this.render(progress);
    this.showMode();
    announce(
      asOf ? `Showing the program as of ${formatDate(asOf.asOf, progress.timeZone)}` : 'Showing live figures',
    );
    await this.refresh(progress.markets.map((m) => m.market));
    if (this.disposed || mine !== this.generation) return;
    if (!asOf) this.startStream();
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    for (const card of this.cards.values()) card.destroy();
    this.context.connection('hidden');
  }

  private frame = (): ProgramFrame => {
    const p = this.progress as ProgramProgress;
    return {
      programId: p.programId,
      deadline: p.deadline,
      timeZone: p.timeZone,
      asOf: p.asOf,
      pastView: this.asOf,
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
      }
      // Moved only when out of place: moving an element takes the keyboard focus away from it, and this runs on
      // every live update.
      const atIndex = this.grid.children[index] ?? null;
      if (atIndex !== card.element) this.grid.insertBefore(card.element, atIndex);
      card.update(market);
    });
  }

  private async onProgress(event: ProgressEvent, first: boolean): Promise<void> {
    if (this.disposed) return;
    this.progress = event;
    this.render(event);
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
    const asOf = this.asOf;
    const mine = this.generation;
    try {
      const [timeline, ...perMarket] = await Promise.all([
        api.timeline(this.programId, { limit: asOf ? HISTORY_LIMIT : TIMELINE_LIMIT }),
        ...markets.map((market) =>
          Promise.all([
            api.marketProgress(this.programId, market, asOf ?? undefined),
            api.marketSeries(this.programId, market).catch((): MarketSeries | null => null),
          ]),
        ),
      ]);
      if (this.disposed || !this.progress || mine !== this.generation) return;
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
