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

/** Program name, deadline, days left and the totals, updated in place. */
export function programHeader(): HTMLElement {
  return h(
    'section',
    { class: 'program-header', 'aria-labelledby': 'program-title' },
    h('h1', { id: 'program-title', tabindex: -1, 'data-field': 'name' }),
    timeControl(),
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

/**
 * View the program as of the end of a past local day (in the program's time zone), as known then or as
 * happened by then; "Back to live" returns to live figures. Submitting (Enter or "View") applies it.
 */
function timeControl(): HTMLFormElement {
  return h(
    'form',
    { class: 'time-control', 'aria-label': 'View a past date', 'data-field': 'time-control' },
    h(
      'div',
      { class: 'time-field' },
      h('label', { for: 'as-of-date' }, 'View as of end of day'),
      h('input', { id: 'as-of-date', name: 'asOfDate', type: 'date', required: true }),
    ),
    h(
      'div',
      { class: 'time-field' },
      h('label', { for: 'as-of-basis' }, 'Basis'),
      h(
        'select',
        { id: 'as-of-basis', name: 'basis' },
        h('option', { value: 'recorded' }, 'As known then'),
        h('option', { value: 'occurred' }, 'As happened by then'),
      ),
    ),
    h('button', { type: 'submit', class: 'link-button' }, 'View'),
    h('button', { type: 'button', class: 'link-button', 'data-field': 'back-to-live' }, 'Back to live'),
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
