import { h } from '../dom';
import { formatDate } from '../format';
import { programHref } from '../router';
import type { ViewContext } from './view';
import type { ProgramSummary } from '../api/types';

/** `/` with several programs: a list to pick from (with exactly one, the shell opens it directly). */
export function renderProgramList(context: ViewContext, programs: ProgramSummary[]): void {
  const heading = h('h1', { tabindex: -1 }, 'Programs');
  const body =
    programs.length === 0
      ? h('p', {}, 'No program has been created yet.')
      : h(
          'ul',
          { class: 'program-list' },
          ...programs.map((p) =>
            h(
              'li',
              {},
              h('a', { href: programHref(p.programId) }, p.name),
              ` — from ${p.sourceRegion}, deadline ${formatDate(p.deadline, p.timeZone)}`,
            ),
          ),
        );
  context.root.replaceChildren(heading, body);
  heading.focus();
}
