import type { MarketProgress, MarketSeries, ProgramProgress, TimelineStep } from '../api/types';
import { burnUp } from '../charts/burn-up.data';
import { h, setText } from '../dom';
import { formatDate, formatDays, formatProbability, formatUsers, stepWord } from '../format';
import { programHref, type AsOf } from '../router';
import { MarketBurnUp } from './market-burn-up';
import { figure, showSharedFigures } from './market-figures';
import { renderTimeline } from './timeline';

/** What the market page shows of one market: every figure, the reasons, the burn-up and the steps. */
export interface MarketShown {
  program: ProgramProgress;
  market: MarketProgress;
  /** Cut to the instant shown, as are the steps. */
  series: MarketSeries | null;
  steps: TimelineStep[];
  /** The past instant shown, null when live: the link back to the program keeps it. */
  pastView: AsOf | null;
}

/** One market in depth, drawn in place: every figure, the reasons, a large burn-up with a table, its steps. */
export class MarketDetail {
  readonly element: HTMLElement;
  private readonly burnUp = new MarketBurnUp();
  private readonly steps = h('ol', { class: 'timeline', 'data-field': 'steps' });

  constructor(timeControl: HTMLElement) {
    this.element = h(
      'article',
      { class: 'market-detail', 'aria-labelledby': 'market-title' },
      h('nav', { 'aria-label': 'Breadcrumb' }, h('a', { 'data-field': 'back' })),
      h(
        'header',
        { class: 'card-head' },
        h('h1', { id: 'market-title', tabindex: -1, 'data-field': 'title' }),
        h('span', { class: 'status-badge status-badge--large', 'data-field': 'status' }),
      ),
      timeControl,
      h('p', { class: 'stale-warning', 'data-field': 'stale', hidden: true }),
      h(
        'dl',
        { class: 'detail-figures' },
        figure('Verified', 'percent'),
        figure('Users verified', 'counts'),
        figure('Phase', 'phase'),
        figure('Actual rate', 'actual'),
        figure('Required rate', 'required'),
        figure('Finish P50', 'p50'),
        figure('Finish P85', 'p85'),
        figure('Finish P95', 'p95'),
        figure('On time (probability)', 'probability'),
        figure('Deadline', 'deadline'),
        figure('Failures / retries', 'failures'),
        figure('Last step', 'last-step'),
      ),
      h(
        'section',
        { 'aria-labelledby': 'reasons-title' },
        h('h2', { id: 'reasons-title' }, 'Why this status'),
        h('ul', { 'data-field': 'reasons' }),
      ),
      this.burnUp.element,
      h(
        'section',
        { 'aria-labelledby': 'steps-title' },
        h('h2', { id: 'steps-title' }, 'Recent steps'),
        this.steps,
      ),
    );
  }

  render({ program, market: m, series, steps, pastView }: MarketShown): void {
    const tz = program.timeZone;
    const s = this.element;
    s.dataset.market = m.market;
    s.dataset.status = m.status;
    s.dataset.mode = pastView ? 'historical' : 'live';
    s.className = `market-detail status-${m.status}`;
    const back = s.querySelector<HTMLAnchorElement>('[data-field=back]');
    if (back) {
      back.href = programHref(program.programId, pastView);
      back.textContent = `← ${program.name}`;
    }
    document.title = `${m.market} · ${program.name}`;
    setText(s, '[data-field=title]', `${m.market} → ${m.targetRegion}`);
    showSharedFigures(s, m);
    setText(s, '[data-field=counts]', `${formatUsers(m.verifiedUsers)} of ${formatUsers(m.usersInScope)}`);
    setText(s, '[data-field=p50]', formatDate(m.forecast?.p50 ?? null, tz));
    setText(s, '[data-field=p85]', formatDate(m.forecast?.p85 ?? null, tz));
    setText(s, '[data-field=p95]', formatDate(m.forecast?.p95 ?? null, tz));
    setText(
      s,
      '[data-field=probability]',
      m.forecast ? formatProbability(m.forecast.probabilityByDeadline) : '—',
    );
    setText(
      s,
      '[data-field=deadline]',
      `${formatDate(program.deadline, tz)} (${formatDays(m.daysLeft)}${m.daysLeft >= 0 ? ' left' : ''})`,
    );
    setText(s, '[data-field=failures]', `${m.failures} / ${m.retries}`);
    setText(
      s,
      '[data-field=last-step]',
      `${stepWord(m.lastStep.type)}, ${formatDate(m.lastStep.occurredAt, tz)}`,
    );
    s.querySelector('[data-field=reasons]')?.replaceChildren(...m.reasons.map((r) => h('li', {}, r)));
    this.burnUp.update(burnUp(m, series, program.asOf, program.deadline, tz), series);
    renderTimeline(this.steps, steps, tz);
  }

  destroy(): void {
    this.burnUp.destroy();
  }
}
