import type { Decider } from '../shared/decider';
import type { CreateSubscriptionData, SubscriptionCommand } from './subscription.commands';
import {
  InvalidSubscriptionError,
  SubscriptionAlreadyExistsError,
  SubscriptionNotFoundError,
} from './subscription.errors';
import { NOTIFICATION_KINDS, SUBSCRIPTION_FORMATS, type SubscriptionEvent } from './subscription.events';
import { initialSubscriptionState, type SubscriptionState } from './subscription.state';

const MAX_URL_LENGTH = 2048;

/** Only http(s) URLs without credentials: a webhook URL is shown to every operator listing subscriptions. */
function requireWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidSubscriptionError('url', 'must be an absolute http or https URL');
  }
  if (url.length > MAX_URL_LENGTH)
    throw new InvalidSubscriptionError('url', `must be at most ${MAX_URL_LENGTH} characters`);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new InvalidSubscriptionError('url', `must be http or https, not ${parsed.protocol.slice(0, -1)}`);
  if (parsed.username !== '' || parsed.password !== '')
    throw new InvalidSubscriptionError('url', 'must not carry a user name or password');
  return parsed;
}

function requireValid(data: CreateSubscriptionData): void {
  if (data.kinds.length === 0) throw new InvalidSubscriptionError('kinds', 'name at least one kind');
  for (const kind of data.kinds) {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind))
      throw new InvalidSubscriptionError('kinds', `${kind} is not one of ${NOTIFICATION_KINDS.join(', ')}`);
  }
  if (!(SUBSCRIPTION_FORMATS as readonly string[]).includes(data.format))
    throw new InvalidSubscriptionError('format', `must be one of ${SUBSCRIPTION_FORMATS.join(', ')}`);
  if (data.markets !== undefined && data.markets.length === 0)
    throw new InvalidSubscriptionError('markets', 'leave it out for every market, or name at least one');
}

function decide(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  switch (command.type) {
    case 'CreateSubscription': {
      if (state.status !== 'absent') throw new SubscriptionAlreadyExistsError(command.data.subscriptionId);
      const { host } = requireWebhookUrl(command.data.url);
      requireValid(command.data);
      const { subscriptionId, sealedUrl, kinds, programId, markets, format } = command.data;
      if (sealedUrl.trim() === '') throw new InvalidSubscriptionError('url', 'was not sealed');
      return [
        {
          type: 'SubscriptionCreated',
          data: {
            subscriptionId,
            host,
            sealedUrl,
            kinds: [...new Set(kinds)],
            ...(programId === undefined ? {} : { programId }),
            ...(markets === undefined ? {} : { markets: [...new Set(markets)] }),
            format,
          },
        },
      ];
    }
    case 'RemoveSubscription': {
      if (state.status !== 'active') throw new SubscriptionNotFoundError(command.data.subscriptionId);
      return [{ type: 'SubscriptionRemoved', data: { subscriptionId: state.subscriptionId } }];
    }
  }
}

function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  switch (event.type) {
    case 'SubscriptionCreated':
      return { status: 'active', ...event.data };
    case 'SubscriptionRemoved':
      return { status: 'removed', subscriptionId: event.data.subscriptionId };
  }
}

/** A webhook subscription's stream: created once, removed once; a removed id is never reused. */
export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState> = {
  initialState: initialSubscriptionState,
  decide,
  evolve,
};
