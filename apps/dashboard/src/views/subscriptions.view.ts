import type { components } from '../../../../libs/api-client/src/schema';
import { h } from '../dom';
import { formatDateTime } from '../format';
import { KIND_WORDS } from '../notification-words';
import { showError, type View, type ViewContext } from './view';

type Subscription = components['schemas']['SubscriptionResponse'];
type Delivery = components['schemas']['DeliveryResponse'];

/** The latest messages shown per subscription (the CLI's `tracker subscription deliveries` lists more). */
const DELIVERIES_SHOWN = 5;

/** A message's state in words: a pending one that failed an attempt is retrying. */
function deliveryState(delivery: Delivery): string {
  if (delivery.status !== 'pending') return delivery.status;
  return delivery.lastError ? `retrying (${delivery.lastError})` : 'sending';
}

const when = (iso: string | null | undefined): string => (iso ? formatDateTime(iso, 'UTC') : '—');

function deliveriesTable(deliveries: Delivery[]): HTMLElement {
  if (deliveries.length === 0) return h('p', { class: 'muted' }, 'Nothing sent yet.');
  return h(
    'table',
    { class: 'deliveries' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Message', 'Market', 'Queued', 'State', 'Attempts', 'Last answer'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...deliveries.map((d) =>
        h(
          'tr',
          { 'data-status': d.status },
          h('td', {}, KIND_WORDS[d.kind] ?? d.kind),
          h('td', {}, d.market ?? d.programId ?? '—'),
          h('td', {}, when(d.createdAt)),
          h('td', { 'data-field': 'delivery-state' }, deliveryState(d)),
          h('td', {}, String(d.attempts)),
          h('td', {}, d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`),
        ),
      ),
    ),
  );
}

function subscriptionCard(subscription: Subscription, deliveries: Delivery[]): HTMLElement {
  const scope = [
    subscription.programId ? `program ${subscription.programId}` : 'every program',
    subscription.markets ? `markets ${subscription.markets.join(', ')}` : 'every market',
  ].join(', ');
  return h(
    'article',
    { class: 'subscription', 'data-subscription': subscription.id },
    h('h2', {}, subscription.url),
    h(
      'dl',
      { class: 'detail-figures' },
      h(
        'div',
        {},
        h('dt', {}, 'Told about'),
        h('dd', {}, subscription.kinds.map((k) => KIND_WORDS[k]).join(', ')),
      ),
      h('div', {}, h('dt', {}, 'Scope'), h('dd', {}, scope)),
      h('div', {}, h('dt', {}, 'Format'), h('dd', {}, subscription.format)),
      h(
        'div',
        {},
        h('dt', {}, 'Created'),
        h('dd', {}, `${when(subscription.createdAt)} by ${subscription.createdBy}`),
      ),
      h('div', {}, h('dt', {}, 'Id'), h('dd', {}, subscription.id)),
    ),
    h('h3', {}, 'Latest messages'),
    deliveriesTable(deliveries),
  );
}

/**
 * `#/subscriptions`, for operators: the webhook subscriptions and their latest messages (times in UTC: a
 * subscription may span programs). Other keys are told that only operators see them (a URL can be a
 * credential). Drawn once; reload for newer messages.
 */
export class SubscriptionsView implements View {
  private readonly loading = new AbortController();

  constructor(private readonly context: ViewContext) {}

  async mount(): Promise<void> {
    try {
      await this.draw();
    } catch (error) {
      if (!this.loading.signal.aborted) showError(this.context.root, 'Subscriptions not available', error);
    }
  }

  private async draw(): Promise<void> {
    const { api } = this.context.api;
    const signal = this.loading.signal;
    const heading = h('h1', { tabindex: -1 }, 'Webhook subscriptions');
    const listed = await api.GET('/subscriptions', { signal });
    if (signal.aborted) return;
    if (listed.response.status === 401) return this.context.unauthorized('HTTP 401');
    if (!listed.data) {
      const why =
        listed.response.status === 403
          ? 'Only operator keys see subscriptions: their URLs can be credentials.'
          : `Subscriptions not available (HTTP ${listed.response.status}).`;
      this.context.root.replaceChildren(heading, h('p', { class: 'error', role: 'alert' }, why));
      return heading.focus();
    }
    const cards = await Promise.all(
      listed.data.subscriptions.map(async (subscription) => {
        const answer = await api.GET('/subscriptions/{id}/deliveries', {
          params: { path: { id: subscription.id }, query: { limit: DELIVERIES_SHOWN } },
          signal,
        });
        return subscriptionCard(subscription, answer.data?.deliveries ?? []);
      }),
    );
    if (signal.aborted) return;
    document.title = 'Subscriptions · Migration tracker';
    this.context.root.replaceChildren(
      heading,
      cards.length > 0 ? h('div', { class: 'subscriptions' }, ...cards) : h('p', {}, 'No subscription yet.'),
    );
    heading.focus();
  }

  dispose(): void {
    this.loading.abort();
  }
}
