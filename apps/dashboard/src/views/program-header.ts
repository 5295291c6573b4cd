import type { MarketStatus, ProgramProgress } from '../api/types';
import { h, setText } from '../dom';
import {
  STATUS_WORDS,
  formatDate,
  formatDateTime,
  formatDays,
  formatPercent,
  formatUsers,
  plural,
  readableReason,
} from '../format';
import { marketName } from '../market-words';

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
    h('p', { class: 'program-state', 'data-field': 'program-state' }),
    timeControl,
    h(
      'dl',
      { class: 'program-facts' },
      h('div', {}, h('dt', {}, 'Deadline'), h('dd', { 'data-field': 'deadline' })),
      h(
        'div',
        { class: 'days-left' },
        h('dt', { 'data-field': 'days-left-label' }, 'Time left'),
        h('dd', { 'data-field': 'days-left' }),
      ),
      h('div', {}, h('dt', {}, 'Verified'), h('dd', { 'data-field': 'verified' })),
      h('div', {}, h('dt', {}, 'Source region'), h('dd', { 'data-field': 'source' })),
      h('div', {}, h('dt', {}, 'As of'), h('dd', { 'data-field': 'as-of' })),
    ),
    h('ul', { class: 'status-totals', 'aria-label': 'Markets by status', 'data-field': 'by-status' }),
    h('p', { class: 'riskiest', 'data-field': 'riskiest' }),
  );
}

/** Past its deadline with every market completed (on time or late): nothing more will happen. */
export function programEnded(progress: ProgramProgress): boolean {
  const { totals } = progress;
  const done = totals.byStatus.completed + totals.byStatus.completed_late;
  return progress.daysLeft < 0 && totals.markets > 0 && done === totals.markets;
}

/** When the last market completed (ISO), or null when none has. */
function lastCompletion(progress: ProgramProgress): string | null {
  const times = progress.markets.flatMap((m) => (m.milestones.completedAt ? [m.milestones.completedAt] : []));
  return times.length ? times.reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b)) : null;
}

/** The indicator's words while the live feed is connected: an ended program is not "Live". */
export const connectedLabel = (progress: ProgramProgress | undefined): string | undefined =>
  progress && programEnded(progress) ? 'Ended · feed connected' : undefined;

/** Where the program stands as a whole, in words: in progress, overdue with markets open, or ended. */
export function programState(progress: ProgramProgress): string {
  const { totals } = progress;
  if (programEnded(progress)) {
    const late = totals.byStatus.completed_late;
    return `Ended: every market completed${late > 0 ? ` (${late} after the deadline)` : ''}.`;
  }
  const open = totals.markets - totals.byStatus.completed - totals.byStatus.completed_late;
  if (progress.daysLeft < 0)
    return `Deadline passed ${plural(Math.floor(-progress.daysLeft), 'day')} ago; ${open} of ${plural(totals.markets, 'market')} not completed.`;
  return `In progress: ${formatDays(progress.daysLeft)} to the deadline; ${open} of ${plural(totals.markets, 'market')} still open.`;
}

export function updateProgramHeader(element: HTMLElement, progress: ProgramProgress): void {
  const { totals } = progress;
  setText(element, '[data-field=name]', progress.name);
  setText(element, '[data-field=program-state]', programState(progress));
  element.dataset.ended = String(programEnded(progress));
  setText(element, '[data-field=deadline]', formatDateTime(progress.deadline, progress.timeZone));
  // An ended program is not "overdue": it says when it ended instead.
  const ended = programEnded(progress);
  setText(
    element,
    '[data-field=days-left]',
    ended ? formatDate(lastCompletion(progress), progress.timeZone) : formatDays(progress.daysLeft),
  );
  setText(
    element,
    '[data-field=days-left-label]',
    ended ? 'Ended' : progress.daysLeft < 0 ? 'Past the deadline' : 'Time left',
  );
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
      ? `Needs attention most: ${marketName(riskiest.market)} (${STATUS_WORDS[riskiest.status].toLowerCase()}) — ${riskiest.reasons.map((r) => readableReason(r, progress.timeZone)).join('; ')}`
      : 'No market is behind.',
  );
}
