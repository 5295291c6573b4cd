import { BASIS_CHOICES, BASIS_WORDS, endOfDayAsOf, viewingLabel } from '../as-of';
import { h } from '../dom';
import { formatDate, localDay } from '../format';
import type { AsOf } from '../router';
import type { ViewContext } from './view';

/**
 * View a page as of the end of a past local day (in the program's time zone), as logged by then or as happened
 * by then; "Back to live" returns to live figures. Submitting (Enter or "View") applies it. Shared by the
 * program and market pages: the page loads the figures, this says what is shown (here and in the app bar).
 */
export class TimeControl {
  readonly element: HTMLFormElement;
  private readonly date = h('input', { id: 'as-of-date', name: 'asOfDate', type: 'date', required: true });
  private readonly basis = h(
    'select',
    { id: 'as-of-basis', name: 'basis', 'aria-describedby': 'as-of-basis-help' },
    h('option', { value: 'recorded' }, BASIS_CHOICES.recorded),
    h('option', { value: 'occurred' }, BASIS_CHOICES.occurred),
  );
  private readonly back = h(
    'button',
    { type: 'button', class: 'link-button', 'data-field': 'back-to-live', hidden: true },
    'Back to live',
  );
  private readonly status = h('p', { class: 'time-status', 'data-field': 'viewing', hidden: true });

  constructor(
    private readonly connection: ViewContext['connection'],
    timeZone: () => string | undefined,
    choose: (asOf: AsOf | null) => void,
  ) {
    this.element = h(
      'form',
      { class: 'time-control', 'aria-label': 'View a past date', 'data-field': 'time-control' },
      h(
        'div',
        { class: 'time-field' },
        h('label', { for: 'as-of-date' }, 'View as of end of day'),
        this.date,
      ),
      h(
        'div',
        { class: 'time-field' },
        h('label', { for: 'as-of-basis' }, 'Basis'),
        this.basis,
        h(
          'small',
          { id: 'as-of-basis-help', class: 'help' },
          'Steps are often logged after they happen: "logged" shows what the tracker knew at the end of ' +
            'that day, "happened" what had actually been done by then.',
        ),
      ),
      h('button', { type: 'submit', class: 'link-button' }, 'View'),
      this.back,
      this.status,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      const zone = timeZone();
      if (this.date.value && zone) choose(endOfDayAsOf(this.date.value, this.basis.value, zone));
    });
    this.back.addEventListener('click', () => choose(null));
  }

  /** Live (`asOf` null; the date starts at the live day, `shownAt`) or the past instant shown. */
  show(asOf: AsOf | null, timeZone: string, shownAt: string): void {
    this.element.dataset.mode = asOf ? 'historical' : 'live';
    if (asOf) {
      this.date.value = localDay(asOf.asOf, timeZone);
      this.basis.value = asOf.basis;
      this.say(
        `Viewing as of the end of ${formatDate(asOf.asOf, timeZone)} (${timeZone}), ${BASIS_WORDS[asOf.basis]}. Live updates are paused.`,
      );
      this.connection('historical', viewingLabel(asOf, timeZone));
    } else {
      if (!this.date.value) this.date.value = localDay(shownAt, timeZone);
      this.say(null);
      this.connection('connecting');
    }
    this.showBack(asOf !== null);
  }

  /** The choice could not be shown (say, a day before the market existed): the figures stay as they were. */
  unavailable(asOf: AsOf | null, timeZone: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const what = asOf
      ? `Not available as of the end of ${formatDate(asOf.asOf, timeZone)} (${BASIS_WORDS[asOf.basis]})`
      : 'Live figures not available';
    this.element.dataset.mode = asOf ? 'historical' : 'live';
    this.say(`${what}: ${message}. The figures below are unchanged.`);
    this.connection('historical', `Not available: ${message}`);
    this.showBack(asOf !== null);
  }

  private say(text: string | null): void {
    this.status.hidden = text === null;
    this.status.textContent = text ?? '';
  }

  /** A keyboard user who pressed "Back to live" stays in the control when the button goes away. */
  private showBack(visible: boolean): void {
    if (!visible && document.activeElement === this.back) this.date.focus();
    this.back.hidden = !visible;
  }
}
