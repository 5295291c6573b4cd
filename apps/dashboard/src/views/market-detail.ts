import type { MarketProgress, MarketSeries, ProgramProgress, TimelineStep } from '../api/types';
import { burnUp, programSpan } from '../charts/burn-up.data';
import { h, setText } from '../dom';
import { formatDate, formatDays, formatProbability, formatUsers, readableReason, stepWord } from '../format';
import { finishDates, marketName, statusExplanation } from '../market-words';
import { programHref, type AsOf } from '../router';
import { MarketBurnUp } from './market-burn-up';
import { figure, showSharedFigures } from './market-figures';
import { NotificationBox } from './market-notification';
import type { LastNotification } from '../notification-words';
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
  private readonly notification = new NotificationBox(true);

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
      h('p', { class: 'status-why', 'data-field': 'why' }),
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
      h('p', { class: 'finish-note', 'data-field': 'finish-note', hidden: true }),
      this.notification.element,
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
    document.title = `${marketName(m.market)} · ${program.name}`;
    setText(s, '[data-field=title]', `${marketName(m.market)} → ${m.targetRegion}`);
    setText(s, '[data-field=why]', statusExplanation(m, tz));
    showSharedFigures(s, m);
    setText(s, '[data-field=counts]', `${formatUsers(m.verifiedUsers)} of ${formatUsers(m.usersInScope)}`);
    const finish = finishDates(m, tz);
    setText(s, '[data-field=p50]', finish?.p50 ?? '—');
    setText(s, '[data-field=p85]', finish?.p85 ?? '—');
    setText(s, '[data-field=p95]', finish?.p95 ?? '—');
    const note = s.querySelector<HTMLElement>('[data-field=finish-note]');
    if (note) {
      note.hidden = !finish?.note;
      note.textContent = finish?.note ?? '';
    }
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
    s.querySelector('[data-field=reasons]')?.replaceChildren(
      ...m.reasons.map((r) => h('li', {}, readableReason(r, tz))),
    );
    const frame = {
      asOf: program.asOf,
      deadline: program.deadline,
      timeZone: tz,
      span: programSpan(program),
    };
    this.burnUp.update(burnUp(m, series, frame), series);
    renderTimeline(this.steps, steps, tz);
  }

  /** The last notification sent about the market, in the program's zone; none hides the box. */
  showNotification(last: LastNotification | undefined, timeZone: string): void {
    this.notification.show(last, timeZone);
  }

  destroy(): void {
    this.burnUp.destroy();
  }
}
