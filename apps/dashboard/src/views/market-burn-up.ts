import type { MarketSeries } from '../api/types';
import type { BurnUp } from '../charts/burn-up.data';
import { BurnUpChart } from '../charts/burn-up.chart';
import { h } from '../dom';
import { dayValue, formatDayValue, formatUsers } from '../format';

/** The market page's large burn-up, with its data as a table for those who cannot read the chart. */
export class MarketBurnUp {
  readonly element: HTMLElement;
  private chart?: BurnUpChart;
  private readonly canvas = h('canvas', { id: 'burn-up' });
  private readonly caption = h('caption', { 'data-field': 'table-caption' });
  private readonly body = h('tbody', { 'data-field': 'table-body' });

  constructor() {
    this.element = h(
      'section',
      { 'aria-labelledby': 'chart-title' },
      h('h2', { id: 'chart-title' }, 'Burn-up'),
      h('div', { class: 'chart-box chart-box--large' }, this.canvas),
      h(
        'details',
        { class: 'chart-table' },
        h('summary', {}, 'Burn-up data as a table'),
        h(
          'table',
          {},
          this.caption,
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Day'),
              h('th', { scope: 'col' }, 'Verified that day'),
              h('th', { scope: 'col' }, 'Verified in total'),
            ),
          ),
          this.body,
        ),
      ),
    );
  }

  /** `series` is already cut to the day shown; the table lists its days newest first. */
  update(data: BurnUp, series: MarketSeries | null): void {
    if (this.chart) this.chart.update(data);
    else this.chart = new BurnUpChart(this.canvas, data, true);
    this.caption.textContent = data.summary;
    this.body.replaceChildren(
      ...(series?.days ?? [])
        .slice()
        .reverse()
        .map((day) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('time', { datetime: day.day }, formatDayValue(dayValue(day.day)))),
            h('td', {}, formatUsers(day.verifiedUsers)),
            h('td', {}, formatUsers(day.cumulativeVerified)),
          ),
        ),
    );
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
