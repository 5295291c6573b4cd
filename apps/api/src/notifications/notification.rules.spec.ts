import { eventWebhookId, marketTransitions, wants } from './notification.rules';
import type { SubscriptionRecord } from './notification.store';

const subscription: SubscriptionRecord = {
  id: 's1',
  url: 'https://example.com/hook',
  kinds: ['status_changed', 'batch_failed'],
  programId: 'intl-2014',
  markets: ['IN'],
  format: 'json',
  createdAt: '2014-01-01T00:00:00Z',
  createdBy: 'ops',
  removedAt: null,
};

describe('notification rules', () => {
  it('tells a subscription only its kinds, program and markets', () => {
    expect(wants(subscription, 'status_changed', 'intl-2014', 'IN')).toBe(true);
    expect(wants(subscription, 'stale', 'intl-2014', 'IN')).toBe(false);
    expect(wants(subscription, 'status_changed', 'other', 'IN')).toBe(false);
    expect(wants(subscription, 'status_changed', 'intl-2014', 'HK')).toBe(false);
    expect(wants({ ...subscription, programId: null, markets: null }, 'batch_failed', 'x', 'HK')).toBe(true);
  });

  it('gives one event the same webhook-id every time, another event another', () => {
    expect(eventWebhookId('s1', 'e1')).toBe(eventWebhookId('s1', 'e1'));
    expect(eventWebhookId('s1', 'e1')).not.toBe(eventWebhookId('s1', 'e2'));
    expect(eventWebhookId('s1', 'e1')).not.toBe(eventWebhookId('s2', 'e1'));
    expect(eventWebhookId('s1', 'e1')).toMatch(/^msg_[\w-]{32}$/);
  });

  describe('market transitions', () => {
    const on = { status: 'on_track', stale: false, readPosition: 5 };
    it('says nothing on first sight', () => expect(marketTransitions(undefined, on)).toEqual([]));
    it('says nothing while the status holds', () => expect(marketTransitions(on, on)).toEqual([]));
    it('tells a change of status', () =>
      expect(marketTransitions(on, { ...on, status: 'off_track' })).toEqual(['status_changed']));
    it('tells a market turning stale, not one staying stale or recovering', () => {
      expect(marketTransitions(on, { ...on, stale: true })).toEqual(['stale']);
      expect(marketTransitions({ ...on, stale: true }, { ...on, stale: true })).toEqual([]);
      expect(marketTransitions({ ...on, stale: true }, on)).toEqual([]);
    });
  });
});
