import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { announce, h } from '../dom';
import { SseClient } from '../live/sse-client';
import { formatPercent } from '../format';
import { MarketCard, type ProgramFrame } from './market-card';
import { programHeader, updateProgramHeader } from './program-header';
import { renderTimeline } from './timeline';
import { showError, type View, type ViewContext } from './view';

const TIMELINE_LIMIT = 15;

/** The whole program at a glance: header and totals, one card per market, the recent steps; live. */
export class ProgramView implements View {
  private readonly cards = new Map<string, MarketCard>();
  private readonly header = programHeader();
  private readonly grid = h('div', { class: 'market-grid', 'data-field': 'markets' });
  private readonly timeline = h('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  private progress?: ProgramProgress;
  private stream?: SseClient;
  private disposed = false;

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
  ) {}

  async mount(): Promise<void> {
    const { api, root } = this.context;
    try {
      this.progress = await api.programProgress(this.programId);
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
    await this.refresh(this.progress.markets.map((m) => m.market));
    if (this.disposed) return;
    this.stream = new SseClient(api.streamUrl(this.programId), api.authorization, {
      onEvent: (event, data, first) => {
        if (event === 'progress') void this.onProgress(data as ProgressEvent, first);
      },
      onState: (state) => this.context.connection(state),
      onUnauthorized: (error) => this.context.unauthorized(error.message),
    });
    this.stream.start();
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    for (const card of this.cards.values()) card.destroy();
    this.context.connection('hidden');
  }

  private frame = (): ProgramFrame => {
    const p = this.progress as ProgramProgress;
    return { programId: p.programId, deadline: p.deadline, timeZone: p.timeZone, asOf: p.asOf };
  };

  private render(progress: ProgramProgress): void {
    updateProgramHeader(this.header, progress);
    for (const market of progress.markets) {
      let card = this.cards.get(market.market);
      if (!card) {
        card = new MarketCard(this.frame, market.market);
        this.cards.set(market.market, card);
        this.grid.append(card.element);
      }
      card.update(market);
    }
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
    try {
      const [timeline, ...perMarket] = await Promise.all([
        api.timeline(this.programId, { limit: TIMELINE_LIMIT }),
        ...markets.map((market) =>
          Promise.all([
            api.marketProgress(this.programId, market),
            api.marketSeries(this.programId, market).catch((): MarketSeries | null => null),
          ]),
        ),
      ]);
      if (this.disposed || !this.progress) return;
      renderTimeline(this.timeline, timeline.steps, this.progress.timeZone);
      for (const [detail, series] of perMarket) {
        const current = this.progress.markets.find((m) => m.market === detail.market) ?? detail;
        this.cards.get(detail.market)?.update(current, detail, series);
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
