import { ApiClient, UnauthorizedError } from './api/api-client';
import { namesLocalDay, resolveAsOf } from './as-of';
import { session } from './auth/session';
import { parseRoute, programHref, routeHref, type Route } from './router';
import { showConnection } from './views/connection-indicator';
import { MarketView } from './views/market.view';
import { renderProgramList } from './views/program-list.view';
import { ProgramView } from './views/program.view';
import { renderSignIn } from './views/sign-in.view';
import { SubscriptionsView } from './views/subscriptions.view';
import { showError, type View, type ViewContext } from './views/view';

const root = document.getElementById('main') as HTMLElement;
const connection = document.getElementById('connection') as HTMLElement;
const signOut = document.getElementById('sign-out') as HTMLButtonElement;
/** Webhook subscriptions (operators; other keys are told so on the page). */
const subscriptionsLink = document.getElementById('subscriptions-link') as HTMLAnchorElement;
let current: View | undefined;
/** Aborted when the next render starts, so that a slow answer for an old route never draws over a new one. */
let rendering = new AbortController();

function showSignIn(message: string | null): void {
  current?.dispose();
  current = undefined;
  signOut.hidden = true;
  subscriptionsLink.hidden = true;
  showConnection(connection, 'hidden');
  document.title = 'Sign in · Migration tracker';
  renderSignIn(root, message, (key) => {
    session.signIn(key);
    void render();
  });
}

/**
 * A link may name a local day (`?asOf=2014-06-01`): it means the end of that day in the program's time zone,
 * and the address shows the instant from then on, as the time control writes it.
 */
async function pinLocalDay(api: ApiClient, route: Route, signal: AbortSignal): Promise<Route> {
  if (route.view === 'home' || route.view === 'subscriptions') return route;
  if (!route.asOf || !namesLocalDay(route.asOf)) return route;
  const { programs } = await api.programs(signal);
  const zone = programs.find((p) => p.programId === route.programId)?.timeZone ?? 'UTC';
  const pinned = { ...route, asOf: resolveAsOf(route.asOf, zone) };
  history.replaceState(null, '', routeHref(pinned));
  return pinned;
}

async function render(): Promise<void> {
  rendering.abort();
  rendering = new AbortController();
  const mine = rendering.signal;
  current?.dispose();
  current = undefined;
  const key = session.key();
  if (!key) return showSignIn(null);
  signOut.hidden = false;
  subscriptionsLink.hidden = false;
  const context: ViewContext = {
    api: new ApiClient(key),
    root,
    unauthorized: (message) => {
      session.signOut();
      showSignIn(`Your key was refused (${message}). Sign in again.`);
    },
    connection: (state, label) => showConnection(connection, state, label),
  };
  let route = parseRoute(location.hash);
  try {
    route = await pinLocalDay(context.api, route, mine);
  } catch (error) {
    if (error instanceof UnauthorizedError) return context.unauthorized(error.message);
    // Otherwise the view asks the API as the link says, and shows its answer.
  }
  if (mine.aborted) return;
  if (route.view === 'home') {
    try {
      const { programs } = await context.api.programs(mine);
      if (mine.aborted) return;
      if (programs.length === 1) {
        history.replaceState(null, '', programHref(programs[0].programId));
        return void render();
      }
      document.title = 'Programs · Migration tracker';
      renderProgramList(context, programs);
    } catch (error) {
      if (mine.aborted) return; // another page was chosen: its request was cancelled, nothing to say
      if (error instanceof UnauthorizedError) context.unauthorized(error.message);
      else showError(root, 'Programs not available', error);
    }
    return;
  }
  if (route.view === 'subscriptions') {
    const view = new SubscriptionsView(context);
    current = view;
    return view.mount();
  }
  const view =
    route.view === 'program'
      ? new ProgramView(context, route.programId, route.asOf)
      : new MarketView(context, route.programId, route.market, route.asOf);
  current = view;
  if (route.view === 'program') document.title = 'Migration tracker';
  await view.mount();
}

signOut.addEventListener('click', () => {
  session.signOut();
  showSignIn('Signed out.');
});
window.addEventListener('hashchange', () => void render());
void render();
