import type { MarketProgressView, ProgramProgressView } from '@app/projections';

/**
 * What every client of a program's stream holds, as of the last event: the view, and keys to compare the next
 * view with (JSON text), so that only the markets whose view changed are sent again.
 */
export interface SentProgress {
  view: ProgramProgressView;
  /** The program-level fields (all but `markets`), as JSON. */
  fieldsText: string;
  /** The same without `asOf`, which moves with every computation: a change of it alone is not worth an event. */
  fieldsKey: string;
  /** Each market's key (see `marketKey`), by market code. */
  marketKeys: Map<string, string>;
}

/** How a view differs from what the clients hold: the markets whose view changed, and the program fields. */
export interface ProgressDifference {
  next: SentProgress;
  /** Changed or new markets, in the view's order (market code). */
  changedMarkets: string[];
  /** The program-level fields changed (beyond `asOf`). */
  fieldsChanged: boolean;
}

/**
 * A market's view without the two figures that follow the clock continuously (the projected finish moves every
 * millisecond, the required rate every few seconds): every migrating market would otherwise be sent on every
 * update. They go with the market's next change, which comes at least every 0.01 day (14.4 minutes), when its
 * days left change.
 */
function marketKey(market: MarketProgressView): string {
  return JSON.stringify({ ...market, projectedFinish: undefined, requiredRatePerDay: undefined });
}

/** `view` compared with what was sent (nothing yet: every market is new). */
export function compareProgress(
  sent: SentProgress | undefined,
  view: ProgramProgressView,
): ProgressDifference {
  const { markets, ...fields } = view;
  const fieldsText = JSON.stringify(fields);
  const fieldsKey = JSON.stringify({ ...fields, asOf: undefined });
  const marketKeys = new Map<string, string>();
  const changedMarkets: string[] = [];
  for (const market of markets) {
    const key = marketKey(market);
    marketKeys.set(market.market, key);
    if (sent?.marketKeys.get(market.market) !== key) changedMarkets.push(market.market);
  }
  return {
    next: { view, fieldsText, fieldsKey, marketKeys },
    changedMarkets,
    fieldsChanged: sent?.fieldsKey !== fieldsKey,
  };
}

/**
 * The JSON text of a `progress` event: the whole view, plus `changedMarkets` (the markets steps changed since
 * the event before; none on the first event of a connection).
 */
export function fullText(sent: SentProgress, changedMarkets: readonly string[] = []): string {
  return withMarkets(sent, sent.view.markets, changedMarkets);
}

/**
 * The JSON text of a `progress-changes` event: the program-level fields, the full views of the markets in
 * `markets` only, and `changedMarkets`.
 */
export function changesText(
  sent: SentProgress,
  markets: readonly string[],
  changedMarkets: readonly string[],
): string {
  const wanted = new Set(markets);
  return withMarkets(
    sent,
    sent.view.markets.filter((m) => wanted.has(m.market)),
    changedMarkets,
  );
}

/** The fields' text (made already) with `markets` and `changedMarkets` added. */
function withMarkets(
  sent: SentProgress,
  markets: readonly MarketProgressView[],
  changedMarkets: readonly string[],
): string {
  const rest = sent.fieldsText === '{}' ? '}' : `,${sent.fieldsText.slice(1)}`;
  return `{"markets":${JSON.stringify(markets)},"changedMarkets":${JSON.stringify(changedMarkets)}${rest}`;
}
