import type { ConnectionState } from '../live/sse-client';

/** `historical`: a past instant is shown, no live updates (its words are given by the view). */
export type IndicatorState = ConnectionState | 'historical' | 'hidden';

const WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost — reconnecting…',
  offline: 'Offline — still retrying',
};

/**
 * The app bar's "live / reconnecting / offline / viewing a past date" badge; a polite live region. `label`
 * gives the words of the `historical` state, and may replace those of the others (an ended program's
 * connected feed is not "Live").
 */
export function showConnection(element: HTMLElement, state: IndicatorState, label?: string): void {
  if (state === 'hidden') {
    element.hidden = true;
    element.removeAttribute('data-state');
    return;
  }
  element.hidden = false;
  const words = label ?? (state === 'historical' ? 'Viewing a past date' : WORDS[state]);
  if (element.dataset.state === state && element.textContent === words) return;
  element.dataset.state = state;
  element.textContent = words;
}
