import type { Message } from '../shared/message';
import type { SubscriptionCreatedData } from './subscription.events';

export type CreateSubscription = Message<'CreateSubscription', SubscriptionCreatedData>;
export type RemoveSubscription = Message<'RemoveSubscription', { readonly subscriptionId: string }>;

export type SubscriptionCommand = CreateSubscription | RemoveSubscription;
