import type { Message } from '../shared/message';

/** What a subscriber may be told about; stored in SubscriptionCreated, so a name is a contract too. */
export const NOTIFICATION_KINDS = [
  'status_changed',
  'stale',
  'batch_failed',
  'deadline_revised',
  'scope_revised',
  'market_completed',
  'projection_stopped',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The body sent: the generic JSON payload, or a chat message for Slack or Microsoft Teams. */
export const SUBSCRIPTION_FORMATS = ['json', 'slack', 'teams'] as const;
export type SubscriptionFormat = (typeof SUBSCRIPTION_FORMATS)[number];

/**
 * A webhook subscription. The log is read by auditors and viewers, so neither the signing secret (derived from
 * the subscription id under a server key, shown once) nor the URL is here in clear: a chat webhook URL is a
 * credential. The event holds the URL's host, for the record, and the URL sealed under the server's key.
 */
export type SubscriptionCreatedData = {
  readonly subscriptionId: string;
  /** The receiver's host (and port), from the URL: who was told, readable by auditors. */
  readonly host: string;
  /** The whole URL, encrypted by the API (opaque to the domain); only the server can open it. */
  readonly sealedUrl: string;
  readonly kinds: readonly NotificationKind[];
  /** Only this program's markets; absent: every program. */
  readonly programId?: string;
  /** Only these market codes; absent: every market. */
  readonly markets?: readonly string[];
  readonly format: SubscriptionFormat;
};

export type SubscriptionRemovedData = {
  readonly subscriptionId: string;
};

export type SubscriptionCreated = Message<'SubscriptionCreated', SubscriptionCreatedData>;
export type SubscriptionRemoved = Message<'SubscriptionRemoved', SubscriptionRemovedData>;

export type SubscriptionEvent = SubscriptionCreated | SubscriptionRemoved;
export type SubscriptionEventType = SubscriptionEvent['type'];

/** Stored type strings of subscription streams. A storage contract: never rename one. */
export const SUBSCRIPTION_EVENT_TYPES = [
  'SubscriptionCreated',
  'SubscriptionRemoved',
] as const satisfies readonly SubscriptionEventType[];

const subscriptionEventTypes: ReadonlySet<string> = new Set(SUBSCRIPTION_EVENT_TYPES);

/** True when the type string belongs to a subscription stream. It does not validate `data`. */
export const isSubscriptionEvent = <E extends { type: string }>(event: E): event is E & SubscriptionEvent =>
  subscriptionEventTypes.has(event.type);

/** One stream per subscription: `subscription-<id>`. */
export const SUBSCRIPTION_STREAM_PREFIX = 'subscription-';
export const subscriptionStreamId = (subscriptionId: string): string =>
  `${SUBSCRIPTION_STREAM_PREFIX}${subscriptionId}`;
