import type { MarketStatus, ProgramProgress } from '../api/types';
import { h, setText } from '../dom';
import { STATUS_WORDS, formatDateTime, formatDays, formatPercent, formatUsers } from '../format';

const ORDER: MarketStatus[] = [
  'off_track',
  'at_risk',
  'on_track',
  'not_started',
  'completed',
  'completed_late',
];

/** Program name, the time control, deadline, days left and the totals, updated in place. */
export function programHeader(timeControl: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'program-header', 'aria-labelledby': 'program-title' },
    h('h1', { id: 'program-title', tabindex: -1, 'data-field': 'name' }),
    timeControl,
    h(
      'dl',
      { class: 'program-facts' },
      h('div', {}, h('dt', {}, 'Deadline'), h('dd', { 'data-field': 'deadline' })),
      h('div', { class: 'days-left' }, h('dt', {}, 'Time left'), h('dd', { 'data-field': 'days-left' })),
      h('div', {}, h('dt', {}, 'Verified'), h('dd', { 'data-field': 'verified' })),
      h('div', {}, h('dt', {}, 'Source region'), h('dd', { 'data-field': 'source' })),
      h('div', {}, h('dt', {}, 'As of'), h('dd', { 'data-field': 'as-of' })),
    ),
    h('ul', { class: 'status-totals', 'aria-label': 'Markets by status', 'data-field': 'by-status' }),
    h('p', { class: 'riskiest', 'data-field': 'riskiest' }),
  );
}

export function updateProgramHeader(element: HTMLElement, progress: ProgramProgress): void {
  const { totals } = progress;
  setText(element, '[data-field=name]', progress.name);
  setText(element, '[data-field=deadline]', formatDateTime(progress.deadline, progress.timeZone));
  setText(element, '[data-field=days-left]', formatDays(progress.daysLeft));
  setText(
    element,
    '[data-field=verified]',
    `${formatUsers(totals.verifiedUsers)} of ${formatUsers(totals.usersInScope)} users (${formatPercent(totals.percentVerified)})`,
  );
  setText(element, '[data-field=source]', progress.sourceRegion);
  setText(element, '[data-field=as-of]', formatDateTime(progress.asOf, progress.timeZone));
  const list = element.querySelector('[data-field=by-status]');
  list?.replaceChildren(
    ...ORDER.filter((status) => totals.byStatus[status] > 0).map((status) =>
      h(
        'li',
        { class: `status-chip status-${status}`, 'data-status': status },
        `${totals.byStatus[status]} ${STATUS_WORDS[status].toLowerCase()}`,
      ),
    ),
    ...(totals.staleMarkets > 0
      ? [h('li', { class: 'status-chip stale-chip' }, `⚠ ${totals.staleMarkets} stale`)]
      : []),
  );
  const riskiest = progress.riskiestMarket;
  setText(
    element,
    '[data-field=riskiest]',
    riskiest
      ? `Needs attention most: ${riskiest.market} (${STATUS_WORDS[riskiest.status].toLowerCase()}) — ${riskiest.reasons.join('; ')}`
      : 'No market is behind.',
  );
}
