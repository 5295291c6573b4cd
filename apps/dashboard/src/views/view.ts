import type { ApiClient } from '../api/api-client';
import type { IndicatorState } from './connection-indicator';

/** What every view gets from the shell. */
export interface ViewContext {
  api: ApiClient;
  root: HTMLElement;
  /** A 401 from anywhere: forget the key and show the sign-in with this message. */
  unauthorized(message: string): void;
  /** The app bar's indicator; `label` gives the words of the `historical` state. */
  connection(state: IndicatorState, label?: string): void;
}

export interface View {
  dispose(): void;
}

/** Renders a failure in place, with the API's message. */
export function showError(root: HTMLElement, title: string, error: unknown): void {
  root.replaceChildren();
  const heading = document.createElement('h1');
  heading.textContent = title;
  heading.tabIndex = -1;
  const message = document.createElement('p');
  message.className = 'error';
  message.setAttribute('role', 'alert');
  message.textContent = error instanceof Error ? error.message : String(error);
  const back = document.createElement('a');
  back.href = '#/';
  back.textContent = 'Back to all programs';
  root.append(heading, message, back);
  heading.focus();
}
