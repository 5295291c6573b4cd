import type { NotificationKind, SubscriptionFormat } from '@app/domain';

/** Kinds a subscription may choose, plus the test message sent on request. */
export type MessageKind = NotificationKind | 'test';

/** The generic JSON payload (Standard Webhooks' recommended `{ type, timestamp, data }` shape). */
export interface NotificationPayload {
  type: MessageKind;
  /** When the tracker noticed (its clock, so `TRACKER_NOW` demos read consistently). */
  timestamp: string;
  data: Record<string, unknown> & { programId?: string; market?: string; dashboardUrl?: string };
}

const STATUS_WORDS: Record<string, string> = {
  not_started: 'not started',
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  completed: 'completed',
  completed_late: 'completed late',
};

export const statusInWords = (status: unknown): string =>
  typeof status === 'string' ? (STATUS_WORDS[status] ?? status.replace(/_/g, ' ')) : 'unknown';

/** The dashboard's page of a market (hash route of the single-page app). */
export function marketPageUrl(publicUrl: string, programId: string, market: string): string {
  return `${publicUrl}/#/programs/${encodeURIComponent(programId)}/markets/${encodeURIComponent(market)}`;
}

/** One sentence for people: the market, what happened, the status in words. */
export function sentence(payload: NotificationPayload): string {
  const d = payload.data;
  const where = d.market ? `Market ${d.market} of ${d.programId}` : `Program ${d.programId}`;
  switch (payload.type) {
    case 'status_changed':
      return `${where} is now ${statusInWords(d.to)} (was ${statusInWords(d.from)})${reasons(d.reasons)}.`;
    case 'stale':
      return `${where} is stale: no step logged since ${String(d.lastStepAt)} (status ${statusInWords(d.status)}).`;
    case 'batch_failed':
      return `${where}: batch ${String(d.batchId)} failed (${String(d.reason)}).`;
    case 'deadline_revised':
      return `${where}: the deadline moved from ${String(d.previousDeadline)} to ${String(d.deadline)} (${String(d.reason)}).`;
    case 'scope_revised':
      return `${where}: users in scope revised from ${String(d.previousUsersInScope)} to ${String(d.usersInScope)} (${String(d.reason)}).`;
    case 'market_completed':
      return `${where} is completed.`;
    case 'projection_stopped':
      return `Projection ${String(d.projection)} stopped at event ${String(d.position)} (${String(d.eventType)}): ${String(d.error)}.`;
    case 'test':
      return `Test message for subscription ${String(d.subscriptionId)}: the webhook works.`;
  }
}

function reasons(list: unknown): string {
  return Array.isArray(list) && list.length > 0 ? `: ${list.map(String).join('; ')}` : '';
}

/** The body sent to a subscription in its format. */
export function formatBody(payload: NotificationPayload, format: SubscriptionFormat): string {
  if (format === 'json') return JSON.stringify(payload);
  const text = sentence(payload);
  const link = payload.data.dashboardUrl;
  if (format === 'slack') {
    // Slack incoming webhooks: `text` (mrkdwn), <url|label> links.
    return JSON.stringify({ text: link ? `${text} <${link}|Open in the dashboard>` : text });
  }
  // Microsoft Teams: the Office 365 connectors' webhooks (MessageCard) were retired on 31 March 2026; the
  // Workflows app's "Post to a channel when a webhook request is received" takes a message carrying an
  // Adaptive Card (which the remaining incoming webhooks take too).
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text, wrap: true }],
          ...(link
            ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in the dashboard', url: link }] }
            : {}),
        },
      },
    ],
  });
}
