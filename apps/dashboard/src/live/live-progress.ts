import type { MarketProgress, ProgressEvent } from '../api/types';

/** A `progress-changes` event: every program-level field, and the full views of the markets that changed. */
export type ProgressChanges = ProgressEvent;

/** The program's view after an event, and the markets whose figures that event carried (all, on a whole view). */
export interface LiveProgressView extends ProgressEvent {
  marketsSent: string[];
}

/**
 * The program's live view, assembled from its stream: `progress` (the whole view, first on every connection)
 * replaces it; `progress-changes` replaces the program-level fields and the markets it carries, keeps the other
 * markets, and adds a market not seen before (a new enrolment) in market-code order, the server's order.
 */
export class LiveProgress {
  private view?: LiveProgressView;

  /** The view after this event of the stream; undefined for an event that is not about progress. */
  apply(event: string, data: unknown, firstOfConnection: boolean): LiveProgressView | undefined {
    if (event === 'progress') {
      const whole = data as ProgressEvent;
      this.view = { ...whole, marketsSent: whole.markets.map((m) => m.market) };
      return this.view;
    }
    if (event !== 'progress-changes') return undefined;
    // Changes apply only to the whole view of the same connection: after a gap, the server starts with one.
    if (firstOfConnection || !this.view) {
      this.view = undefined;
      return undefined;
    }
    const changes = data as ProgressChanges;
    const markets = new Map<string, MarketProgress>(this.view.markets.map((m) => [m.market, m]));
    for (const market of changes.markets) markets.set(market.market, market);
    this.view = {
      ...changes,
      marketsSent: changes.markets.map((m) => m.market),
      markets: [...markets.values()].sort((a, b) => (a.market < b.market ? -1 : a.market > b.market ? 1 : 0)),
    };
    return this.view;
  }
}
