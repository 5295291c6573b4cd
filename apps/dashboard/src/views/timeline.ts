import type { TimelineStep } from '../api/types';
import { h } from '../dom';
import { formatDateTime, formatUsers, stepWord } from '../format';

function detail(step: TimelineStep): string {
  const { users, reason, evidence } = step.data as { users?: number; reason?: string; evidence?: string };
  if (typeof users === 'number') return `${formatUsers(users)} users`;
  if (typeof reason === 'string') return reason;
  if (typeof evidence === 'string') return evidence;
  return '';
}

/** The latest steps, newest first by when they happened. */
export function renderTimeline(list: HTMLOListElement, steps: TimelineStep[], timeZone: string): void {
  list.replaceChildren(
    ...steps.map((step) =>
      h(
        'li',
        { 'data-position': step.position },
        h('time', { datetime: step.occurredAt }, formatDateTime(step.occurredAt, timeZone)),
        ' ',
        h('span', { class: 'step-market' }, step.market ?? 'program'),
        ' ',
        h('span', { class: 'step-type' }, stepWord(step.type)),
        detail(step) ? ` — ${detail(step)}` : '',
        h('span', { class: 'step-actor' }, ` by ${step.actor}`),
      ),
    ),
  );
  if (steps.length === 0) list.append(h('li', {}, 'No steps yet.'));
}
