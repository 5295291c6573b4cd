import type { MarketProgress, MarketSeries, ProgramProgress, ProgressEvent } from '../api/types';
import { UnauthorizedError } from '../api/api-client';
import { burnUp } from '../charts/burn-up.data';
import { BurnUpChart } from '../charts/burn-up.chart';
import { announce, h, setText } from '../dom';
import {
  STATUS_WORDS,
  formatDate,
  formatDays,
  formatPercent,
  formatProbability,
  formatRate,
  formatUsers,
  phaseWord,
  staleWarning,
  stepWord,
} from '../format';
import { SseClient } from '../live/sse-client';
import { programHref } from '../router';
import { renderTimeline } from './timeline';
import { showError, type View, type ViewContext } from './view';

const figure = (label: string, field: string) =>
  h('div', {}, h('dt', {}, label), h('dd', { 'data-field': field }, '…'));

/** One market in depth: every figure, the reasons, a large burn-up with a table alternative, its steps. */
export class MarketView implements View {
  private chart?: BurnUpChart;
  private stream?: SseClient;
  private disposed = false;
  private program?: ProgramProgress;
  private readonly canvas = h('canvas', { id: 'burn-up' });
  private readonly section = h(
    'article',
    { class: 'market-detail', 'aria-labelledby': 'market-title' },
    h('nav', { 'aria-label': 'Breadcrumb' }, h('a', { 'data-field': 'back' })),
    h(
      'header',
      { class: 'card-head' },
      h('h1', { id: 'market-title', tabindex: -1, 'data-field': 'title' }),
      h('span', { class: 'status-badge status-badge--large', 'data-field': 'status' }),
    ),
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
    h(
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
          h('caption', { 'data-field': 'table-caption' }),
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
          h('tbody', { 'data-field': 'table-body' }),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'steps-title' },
      h('h2', { id: 'steps-title' }, 'Recent steps'),
      h('ol', { class: 'timeline', 'data-field': 'steps' }),
    ),
  );

  constructor(
    private readonly context: ViewContext,
    private readonly programId: string,
    private readonly market: string,
  ) {}

  async mount(): Promise<void> {
    const { api, root } = this.context;
    try {
      this.program = await api.programProgress(this.programId);
      await this.refresh();
    } catch (error) {
      if (error instanceof UnauthorizedError) return this.context.unauthorized(error.message);
      return showError(root, `Market ${this.market} not available`, error);
    }
    if (this.disposed) return;
    root.replaceChildren(this.section);
    this.section.querySelector<HTMLElement>('h1')?.focus();
    this.stream = new SseClient(api.streamUrl(this.programId), api.authorization, {
      onEvent: (event, data, first) => {
        if (event !== 'progress') return;
        const progress = data as ProgressEvent;
        this.program = progress;
        if (first || progress.changedMarkets.includes(this.market))
          void this.refresh(!first).catch(() => undefined);
      },
      onState: (state) => this.context.connection(state),
      onUnauthorized: (error) => this.context.unauthorized(error.message),
    });
    this.stream.start();
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    this.chart?.destroy();
    this.context.connection('hidden');
  }

  private async refresh(announceIt = false): Promise<void> {
    const { api } = this.context;
    const [detail, series, steps] = await Promise.all([
      api.marketProgress(this.programId, this.market),
      api.marketSeries(this.programId, this.market).catch((): MarketSeries | null => null),
      api.timeline(this.programId, { market: this.market, limit: 20 }),
    ]);
    if (this.disposed || !this.program) return;
    this.render(detail, series);
    renderTimeline(
      this.section.querySelector('[data-field=steps]') as HTMLOListElement,
      steps.steps,
      this.program.timeZone,
    );
    if (announceIt) announce(`${this.market} updated: ${formatPercent(detail.percentVerified)} verified`);
  }

  private render(m: MarketProgress, series: MarketSeries | null): void {
    const program = this.program as ProgramProgress;
    const tz = program.timeZone;
    const s = this.section;
    s.dataset.market = m.market;
    s.dataset.status = m.status;
    s.className = `market-detail status-${m.status}`;
    const back = s.querySelector<HTMLAnchorElement>('[data-field=back]');
    if (back) {
      back.href = programHref(program.programId);
      back.textContent = `← ${program.name}`;
    }
    document.title = `${m.market} · ${program.name}`;
    setText(s, '[data-field=title]', `${m.market} → ${m.targetRegion}`);
    setText(s, '[data-field=status]', STATUS_WORDS[m.status]);
    const stale = s.querySelector<HTMLElement>('[data-field=stale]');
    if (stale) {
      stale.hidden = !m.stale;
      stale.textContent = m.stale ? staleWarning(m.reasons) : '';
    }
    setText(s, '[data-field=percent]', formatPercent(m.percentVerified));
    setText(s, '[data-field=counts]', `${formatUsers(m.verifiedUsers)} of ${formatUsers(m.usersInScope)}`);
    setText(s, '[data-field=phase]', phaseWord(m.phase));
    setText(s, '[data-field=actual]', formatRate(m.throughputPerDay));
    setText(s, '[data-field=required]', formatRate(m.requiredRatePerDay));
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
    const data = burnUp(m, series, program.asOf, program.deadline, tz);
    if (this.chart) this.chart.update(data);
    else this.chart = new BurnUpChart(this.canvas, data, true);
    setText(s, '[data-field=table-caption]', data.summary);
    s.querySelector('[data-field=table-body]')?.replaceChildren(
      ...(series?.days ?? [])
        .slice()
        .reverse()
        .map((day) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, day.day),
            h('td', {}, formatUsers(day.verifiedUsers)),
            h('td', {}, formatUsers(day.cumulativeVerified)),
          ),
        ),
    );
  }
}
