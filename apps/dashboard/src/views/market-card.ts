import type { MarketProgress, MarketSeries } from '../api/types';
import { burnUp } from '../charts/burn-up.data';
import { BurnUpChart } from '../charts/burn-up.chart';
import { h, setText } from '../dom';
import { formatProbability, formatUsers } from '../format';
import { finishDates, marketName, statusExplanation } from '../market-words';
import { marketHref, type AsOf } from '../router';
import { figure, showSharedFigures } from './market-figures';
import { NotificationBox } from './market-notification';
import type { LastNotification } from '../notification-words';

export interface ProgramFrame {
  programId: string;
  /** The local days the charts span: the program's start to the later of its deadline and completion. */
  span: { start: string; end: string };
  deadline: string;
  timeZone: string;
  asOf: string;
  /** The past instant viewed (null when live): the card's link keeps it. */
  pastView: AsOf | null;
}

/** One market at a glance: figures, status by word and colour, stale warning, a small burn-up. */
export class MarketCard {
  readonly element: HTMLElement;
  private chart?: BurnUpChart;
  private readonly canvas: HTMLCanvasElement;
  private readonly notification = new NotificationBox(false);

  constructor(
    private readonly frame: () => ProgramFrame,
    readonly market: string,
  ) {
    const titleId = `card-${market}-title`;
    this.canvas = h('canvas', { 'aria-label': `Burn-up of ${marketName(market)}` });
    this.element = h(
      'article',
      { class: 'market-card', 'data-market': market, 'aria-labelledby': titleId },
      h(
        'header',
        { class: 'card-head' },
        h(
          'h3',
          { id: titleId },
          h('a', { href: marketHref(frame().programId, market), 'data-field': 'link' }, marketName(market)),
          h('span', { class: 'region', 'data-field': 'region' }),
        ),
        h('span', { class: 'status-badge', 'data-field': 'status' }),
      ),
      h('p', { class: 'status-why', 'data-field': 'why' }),
      h(
        'p',
        { class: 'percent-line' },
        h('span', { class: 'percent', 'data-field': 'percent' }),
        h('span', { class: 'percent-label' }, ' verified'),
      ),
      h('progress', { max: 100, value: 0, 'aria-label': `${market}: percent of users verified` }),
      h('p', { class: 'counts', 'data-field': 'counts' }),
      h(
        'dl',
        { class: 'figures' },
        figure('Phase', 'phase'),
        figure('Chance on time', 'probability'),
        figure('Actual rate', 'actual'),
        figure('Required rate', 'required'),
        figure('Finish P50', 'p50'),
        figure('Finish P85', 'p85'),
      ),
      h('p', { class: 'finish-note', 'data-field': 'finish-note', hidden: true }),
      h('p', { class: 'stale-warning', 'data-field': 'stale', hidden: true }),
      this.notification.element,
      h('div', { class: 'chart-box chart-box--small' }, this.canvas),
    );
  }

  update(progress: MarketProgress, detail?: MarketProgress, series?: MarketSeries | null): void {
    const { timeZone, programId, pastView } = this.frame();
    const card = this.element;
    const link = card.querySelector<HTMLAnchorElement>('[data-field=link]');
    if (link) link.href = marketHref(programId, this.market, pastView);
    card.dataset.status = progress.status;
    card.dataset.percent = String(progress.percentVerified);
    card.className = `market-card status-${progress.status}`;
    setText(card, '[data-field=region]', ` → ${progress.targetRegion}`);
    showSharedFigures(card, progress);
    const bar = card.querySelector('progress');
    if (bar) bar.value = progress.percentVerified;
    setText(
      card,
      '[data-field=counts]',
      `${formatUsers(progress.verifiedUsers)} of ${formatUsers(progress.usersInScope)} users`,
    );
    setText(card, '[data-field=why]', statusExplanation(progress, timeZone));
    const shown = { ...progress, forecast: (detail ?? progress).forecast };
    const finish = finishDates(shown, timeZone);
    if (finish) {
      setText(card, '[data-field=p50]', finish.p50);
      setText(card, '[data-field=p85]', finish.p85);
      const note = card.querySelector<HTMLElement>('[data-field=finish-note]');
      if (note) {
        note.hidden = finish.note === null;
        note.textContent = finish.note ?? '';
      }
    }
    if (shown.forecast)
      setText(card, '[data-field=probability]', formatProbability(shown.forecast.probabilityByDeadline));
    if (series !== undefined) this.draw(detail ?? progress, series);
  }

  /** The last notification sent about the market; none hides the box. */
  showNotification(last: LastNotification | undefined): void {
    this.notification.show(last, this.frame().timeZone);
  }

  private draw(progress: MarketProgress, series: MarketSeries | null): void {
    const { asOf, deadline, timeZone, span } = this.frame();
    const data = burnUp(progress, series, { asOf, deadline, timeZone, span });
    if (this.chart) this.chart.update(data);
    else this.chart = new BurnUpChart(this.canvas, data, false);
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
