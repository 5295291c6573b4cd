import type { MarketProgress } from '../api/types';
import { h, setText } from '../dom';
import { STATUS_WORDS, formatPercent, formatRate, phaseWord, staleWarning } from '../format';

/** A labelled figure of a market, filled in later by its `data-field`. */
export const figure = (label: string, field: string): HTMLDivElement =>
  h('div', {}, h('dt', {}, label), h('dd', { 'data-field': field }, '…'));

/**
 * The figures a market card and the market page show alike: status, percent verified, phase, actual and
 * required rates, and the stale warning (hidden unless stale).
 */
export function showSharedFigures(element: HTMLElement, market: MarketProgress): void {
  setText(element, '[data-field=status]', STATUS_WORDS[market.status]);
  setText(element, '[data-field=percent]', formatPercent(market.percentVerified));
  setText(element, '[data-field=phase]', phaseWord(market.phase));
  setText(element, '[data-field=actual]', formatRate(market.throughputPerDay));
  setText(element, '[data-field=required]', formatRate(market.requiredRatePerDay));
  const stale = element.querySelector<HTMLElement>('[data-field=stale]');
  if (stale) {
    stale.hidden = !market.stale;
    stale.textContent = market.stale ? staleWarning(market.reasons) : '';
  }
}
