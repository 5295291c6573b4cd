import type { SubscriptionCreatedData } from './subscription.events';

export type AbsentSubscription = { readonly status: 'absent' };
export type ActiveSubscription = { readonly status: 'active' } & SubscriptionCreatedData;
export type RemovedSubscription = { readonly status: 'removed'; readonly subscriptionId: string };

export type SubscriptionState = AbsentSubscription | ActiveSubscription | RemovedSubscription;

export const initialSubscriptionState: SubscriptionState = { status: 'absent' };
