import type { Message } from '../shared/message';
import type { SubscriptionCreatedData } from './subscription.events';

/** `url` is checked here and leaves only its host in the event; `sealedUrl` is the same URL, sealed by the API. */
export type CreateSubscriptionData = Omit<SubscriptionCreatedData, 'host'> & { readonly url: string };
export type CreateSubscription = Message<'CreateSubscription', CreateSubscriptionData>;
export type RemoveSubscription = Message<'RemoveSubscription', { readonly subscriptionId: string }>;

export type SubscriptionCommand = CreateSubscription | RemoveSubscription;
