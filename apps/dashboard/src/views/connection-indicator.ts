import type { ConnectionState } from '../live/sse-client';

const WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost — reconnecting…',
  offline: 'Offline — still retrying',
};

/** The app bar's "live / reconnecting / offline" badge; a polite live region, so changes are read out. */
export function showConnection(element: HTMLElement, state: ConnectionState | 'hidden'): void {
  if (state === 'hidden') {
    element.hidden = true;
    element.removeAttribute('data-state');
    return;
  }
  element.hidden = false;
  if (element.dataset.state === state) return;
  element.dataset.state = state;
  element.textContent = WORDS[state];
}
