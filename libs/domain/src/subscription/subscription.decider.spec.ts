import { fold } from '../shared/decider';
import type { CreateSubscriptionData, SubscriptionCommand } from './subscription.commands';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionCreatedData, SubscriptionEvent } from './subscription.events';

const request: CreateSubscriptionData = {
  subscriptionId: 'sub-1',
  url: 'https://hooks.example.com:8443/tracker?token=t0ps3cret',
  sealedUrl: 'v1.sealed',
  kinds: ['status_changed', 'stale'],
  programId: 'intl-2014',
  format: 'json',
};
/** The event keeps the host and the sealed URL, never the URL itself (it may carry a token). */
const created: SubscriptionCreatedData = {
  subscriptionId: 'sub-1',
  host: 'hooks.example.com:8443',
  sealedUrl: 'v1.sealed',
  kinds: ['status_changed', 'stale'],
  programId: 'intl-2014',
  format: 'json',
};

function given(events: SubscriptionEvent[]) {
  const state = fold(subscriptionDecider, events);
  return {
    when: (command: SubscriptionCommand) => ({
      then: (expected: SubscriptionEvent[]) =>
        expect(subscriptionDecider.decide(command, state)).toEqual(expected),
      thenThrows: (code: string, details: Record<string, unknown> = {}) => {
        let error: unknown;
        try {
          subscriptionDecider.decide(command, state);
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toMatchObject({ code, details: expect.objectContaining(details) });
      },
    }),
  };
}

const create = (overrides: Partial<CreateSubscriptionData> = {}): SubscriptionCommand => ({
  type: 'CreateSubscription',
  data: { ...request, ...overrides },
});

describe('subscription decider', () => {
  describe('when absent', () => {
    it('creates the subscription, kinds and markets without repeats', () =>
      given([])
        .when(create({ kinds: ['stale', 'stale'], markets: ['IN', 'IN', 'HK'] }))
        .then([
          {
            type: 'SubscriptionCreated',
            data: { ...created, kinds: ['stale'], markets: ['IN', 'HK'] },
          },
        ]));

    it('leaves out a program and markets that were not given', () =>
      given([])
        .when(create({ programId: undefined }))
        .then([
          {
            type: 'SubscriptionCreated',
            data: {
              subscriptionId: 'sub-1',
              host: created.host,
              sealedUrl: created.sealedUrl,
              kinds: created.kinds,
              format: 'json',
            },
          },
        ]));

    it('accepts plain http (a receiver inside the operator network)', () =>
      given([])
        .when(create({ url: 'http://127.0.0.1:8080/hook' }))
        .then([{ type: 'SubscriptionCreated', data: { ...created, host: '127.0.0.1:8080' } }]));

    it('never writes the URL itself (a chat webhook URL is a credential)', () => {
      const events = subscriptionDecider.decide(create(), fold(subscriptionDecider, []));
      expect(JSON.stringify(events)).not.toContain('t0ps3cret');
    });

    it('refuses a URL that was not sealed', () =>
      given([])
        .when(create({ sealedUrl: ' ' }))
        .thenThrows('invalid_subscription', { field: 'url' }));

    it.each([
      ['ftp://example.com/x', 'url'],
      ['not a url', 'url'],
      ['https://user:pw@example.com/', 'url'],
    ])('refuses the url %s', (url, field) =>
      given([]).when(create({ url })).thenThrows('invalid_subscription', { field }),
    );

    it('refuses an unknown kind', () =>
      given([])
        .when(create({ kinds: ['status_changed', 'weather' as never] }))
        .thenThrows('invalid_subscription', { field: 'kinds' }));

    it('refuses no kinds', () =>
      given([])
        .when(create({ kinds: [] }))
        .thenThrows('invalid_subscription', { field: 'kinds' }));

    it('refuses an unknown format', () =>
      given([])
        .when(create({ format: 'email' as never }))
        .thenThrows('invalid_subscription', { field: 'format' }));

    it('refuses an empty market list', () =>
      given([])
        .when(create({ markets: [] }))
        .thenThrows('invalid_subscription', { field: 'markets' }));

    it('refuses removal', () =>
      given([])
        .when({ type: 'RemoveSubscription', data: { subscriptionId: 'sub-1' } })
        .thenThrows('subscription_not_found'));
  });

  describe('when active', () => {
    const history: SubscriptionEvent[] = [{ type: 'SubscriptionCreated', data: created }];

    it('is removed', () =>
      given(history)
        .when({ type: 'RemoveSubscription', data: { subscriptionId: 'sub-1' } })
        .then([{ type: 'SubscriptionRemoved', data: { subscriptionId: 'sub-1' } }]));

    it('refuses a second creation', () =>
      given(history).when(create()).thenThrows('subscription_already_exists'));
  });

  describe('when removed', () => {
    const history: SubscriptionEvent[] = [
      { type: 'SubscriptionCreated', data: created },
      { type: 'SubscriptionRemoved', data: { subscriptionId: 'sub-1' } },
    ];

    it('refuses a second removal', () =>
      given(history)
        .when({ type: 'RemoveSubscription', data: { subscriptionId: 'sub-1' } })
        .thenThrows('subscription_not_found'));

    it('never reuses the id', () => given(history).when(create()).thenThrows('subscription_already_exists'));
  });
});
