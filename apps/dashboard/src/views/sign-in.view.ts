import { ApiClient, UnauthorizedError } from '../api/api-client';
import { h } from '../dom';

/** The key form. The key is tried against GET /programs before it is kept (sessionStorage only). */
export function renderSignIn(
  root: HTMLElement,
  message: string | null,
  onSignedIn: (key: string) => void,
): void {
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, message ?? '');
  error.hidden = !message;
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'api-key-help sign-in-error',
  });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', tabindex: -1 }, 'Sign in'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h(
      'p',
      { id: 'api-key-help', class: 'help' },
      'A viewer, auditor or operator key; a viewer key is enough to follow progress. It is kept for this ' +
        'browser session only.',
    ),
    h(
      'div',
      { class: 'help key-sources', 'data-field': 'key-sources' },
      h('p', {}, 'No key? Ask whoever runs this tracker. Keys come from:'),
      h(
        'ul',
        {},
        h(
          'li',
          {},
          h('code', {}, 'API_KEYS'),
          " in the server's environment (",
          h('code', {}, 'name:role:key,…'),
          ');',
        ),
        h(
          'li',
          {},
          'otherwise the keys file in its data directory: on its first start the tracker creates one key per ',
          'role (operator, viewer, auditor) and prints them once in its log;',
        ),
        h('li', {}, h('code', {}, 'npm run demo'), ' prints the keys of its demo tracker.'),
      ),
    ),
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    submit.disabled = true;
    new ApiClient(key)
      .programs()
      .then(() => onSignedIn(key))
      .catch((failure: unknown) => {
        submit.disabled = false;
        error.hidden = false;
        error.textContent =
          failure instanceof UnauthorizedError
            ? 'That key was refused (401). Check it and try again.'
            : `Could not sign in: ${failure instanceof Error ? failure.message : String(failure)}`;
        input.select();
        input.focus();
      });
  });
  root.replaceChildren(form);
  input.focus();
}
