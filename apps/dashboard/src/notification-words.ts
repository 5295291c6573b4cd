import type { components } from '../../../libs/api-client/src/schema';
import { STATUS_WORDS, formatDateTime, plural, readableReason } from './format';

/** The last notification about a market, as `GET /programs/:programId/notifications` answers it. */
export type LastNotification = components['schemas']['LastNotificationResponse'];

export const KIND_WORDS: Record<LastNotification['kind'] | 'test', string> = {
  status_changed: 'Status changed',
  stale: 'Turned stale',
  batch_failed: 'Batch failed',
  deadline_revised: 'Deadline revised',
  scope_revised: 'Scope revised',
  market_completed: 'Market completed',
  projection_stopped: 'Projection stopped',
  test: 'Test message',
};

/** How the copies of a notice fared, as a word a style can key on. */
export type DeliveryState = 'delivered' | 'sending' | 'failing' | 'cancelled';

/** What a market's card and page say of its last notification, in words, times in the program's zone. */
export interface NotificationWords {
  kind: string;
  /** The market's status the notice told ("At risk (was On track)"); '' when it told none. */
  status: string;
  when: string;
  /** To how many subscriptions, and how their copies fared. */
  delivery: string;
  state: DeliveryState;
  /** The sentence chat receivers got, its instants in the program's zone. */
  summary: string;
}

function deliveryWords({ deliveries: c }: LastNotification): { delivery: string; state: DeliveryState } {
  const state: DeliveryState =
    c.failed > 0 || c.retrying > 0
      ? 'failing'
      : c.pending > 0
        ? 'sending'
        : c.delivered > 0
          ? 'delivered'
          : 'cancelled';
  const to = plural(c.subscriptions, 'subscription');
  if (c.delivered === c.subscriptions) return { delivery: `Delivered to ${to}`, state };
  const parts = [
    c.delivered > 0 && `${c.delivered} delivered`,
    c.retrying > 0 && `${c.retrying} failing, retrying`,
    c.pending - c.retrying > 0 && `${c.pending - c.retrying} sending`,
    c.failed > 0 && `${c.failed} failed`,
    c.cancelled > 0 && `${c.cancelled} cancelled`,
  ].filter((part): part is string => typeof part === 'string');
  return { delivery: `To ${to}: ${parts.join(', ')}`, state };
}

export function notificationWords(last: LastNotification, timeZone: string): NotificationWords {
  const status = last.marketStatus
    ? STATUS_WORDS[last.marketStatus] +
      (last.previousStatus ? ` (was ${STATUS_WORDS[last.previousStatus]})` : '')
    : '';
  return {
    kind: KIND_WORDS[last.kind] ?? last.kind,
    status,
    when: `Notified ${formatDateTime(last.noticedAt, timeZone)}`,
    ...deliveryWords(last),
    summary: readableReason(last.summary, timeZone),
  };
}
