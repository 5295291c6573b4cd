import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationStore } from './notification.store';

describe('notification store', () => {
  let dir: string;
  let a: NotificationStore;
  let b: NotificationStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notify-store-'));
    // Two replicas on one shared file.
    a = new NotificationStore(join(dir, 'notifications.sqlite'));
    b = new NotificationStore(join(dir, 'notifications.sqlite'));
    a.addSubscription(
      { subscriptionId: 's1', url: 'https://x', kinds: ['stale'], format: 'json' },
      '2014-01-01T00:00:00Z',
      'ops',
    );
  });
  afterEach(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (id: string) => ({ id, subscriptionId: 's1', kind: 'stale', payload: '{}' });

  it('queues a webhook-id once', () => {
    expect(a.enqueue(message('m1'), 0)).toBe(true);
    expect(b.enqueue(message('m1'), 0)).toBe(false);
  });

  it('lets one replica claim a message until its lease ends', () => {
    a.enqueue(message('m1'), 0);
    expect(a.claim('A', 10, 1000, 5).map((d) => d.id)).toEqual(['m1']);
    expect(b.claim('B', 500, 1500, 5)).toEqual([]);
    // A is gone: after the lease, B takes it over, and A's late settle is ignored.
    expect(b.claim('B', 1000, 2000, 5).map((d) => [d.id, d.attempts])).toEqual([['m1', 2]]);
    expect(a.settle('m1', 'A', { status: 'delivered', atMs: 1001 }, { httpStatus: 204 })).toBe(false);
    expect(b.settle('m1', 'B', { status: 'delivered', atMs: 1002 }, { httpStatus: 204 })).toBe(true);
    expect(a.delivery('m1')).toMatchObject({ status: 'delivered', attempts: 2, deliveredAtMs: 1002 });
  });

  it('does not hand out a retry before it is due', () => {
    a.enqueue(message('m1'), 0);
    a.claim('A', 0, 100, 5);
    a.settle(
      'm1',
      'A',
      { status: 'pending', nextAttemptAtMs: 500, atMs: 10 },
      { httpStatus: 500, error: 'HTTP 500' },
    );
    expect(a.claim('A', 499, 600, 5)).toEqual([]);
    expect(a.claim('A', 500, 600, 5)).toHaveLength(1);
  });

  it('records a transition once, and a replica behind does not overrule it', () => {
    const seen = { status: 'on_track', stale: false, readPosition: 10 };
    const queue = (id: string) => () => [message(id)];
    expect(a.transition('s1', 'market:p/IN', seen, 't', queue('baseline'), 0)).toHaveLength(1);
    expect(b.transition('s1', 'market:p/IN', seen, 't', queue('again'), 0)).toEqual([]);
    const worse = { status: 'off_track', stale: false, readPosition: 12 };
    expect(a.transition('s1', 'market:p/IN', worse, 't', queue('worse'), 0)).toHaveLength(1);
    expect(b.transition('s1', 'market:p/IN', { ...seen, readPosition: 11 }, 't', queue('behind'), 0)).toEqual(
      [],
    );
    expect(a.delivery('behind')).toBeUndefined();
  });

  it('records a first state only from read models as recent as the subscription', () => {
    // As the notifier does: the first state is recorded, told to nobody; a change is told.
    const tell = (id: string) => (previous: unknown) => (previous ? [message(id)] : []);
    // Read models at position 8, the subscription met at 10: their status predates it, nothing is recorded.
    const past = { status: 'off_track', stale: false, readPosition: 8 };
    expect(b.transition('s1', 'market:p/IN', past, 't', tell('past'), 0, 10)).toEqual([]);
    // The present status is the first state, not a change from the past one.
    const present = { status: 'on_track', stale: false, readPosition: 10 };
    expect(a.transition('s1', 'market:p/IN', present, 't', tell('told'), 0, 10)).toEqual([]);
    expect(a.delivery('told')).toBeUndefined();
    const worse = { status: 'at_risk', stale: false, readPosition: 12 };
    expect(b.transition('s1', 'market:p/IN', worse, 't', tell('worse'), 0, 10)).toHaveLength(1);
  });

  it('cancels what a removed subscription had queued', () => {
    a.enqueue(message('m1'), 0);
    a.removeSubscription('s1', '2014-01-02T00:00:00Z');
    expect(a.delivery('m1')?.status).toBe('cancelled');
    expect(a.claim('A', 10, 100, 5)).toEqual([]);
    expect(a.activeSubscriptions()).toEqual([]);
  });

  it('moves the log checkpoint only from where it was read', () => {
    expect(a.applyLogBatch(undefined, 5n, () => undefined)).toBe(true);
    expect(b.applyLogBatch(undefined, 7n, () => undefined)).toBe(false);
    expect(b.applyLogBatch(5n, 7n, () => undefined)).toBe(true);
    expect(a.logPosition()).toBe(7n);
  });

  describe('the last notice about a market and its copies (the dashboard)', () => {
    const notice = (id: string, subscriptionId: string, data: object, kind = 'status_changed') => ({
      id,
      subscriptionId,
      kind,
      programId: 'p',
      market: 'IN',
      payload: JSON.stringify({ type: kind, timestamp: `t-${id}`, data }),
    });
    const atRisk = { programId: 'p', market: 'IN', from: 'on_track', to: 'at_risk' };

    it('counts the copies of the newest notice by how each fared, and nothing of an older or other one', () => {
      a.enqueue(notice('old', 's1', { ...atRisk, to: 'off_track' }), 1_000);
      a.enqueue(notice('other-kind', 's2', atRisk, 'stale'), 100_000);
      a.enqueue(notice('other-data', 's3', { ...atRisk, from: 'not_started' }), 100_000);
      a.enqueue(notice('long-ago', 's4', atRisk), 100_000 - 61_000);
      // Four subscriptions told at once (the payload's timestamp differs: only the data is compared).
      for (const [id, sub] of [
        ['c1', 's1'],
        ['c2', 's2'],
        ['c3', 's3'],
        ['c4', 's4'],
        ['c5', 's5'],
      ])
        a.enqueue(notice(id, sub, atRisk), 100_000);
      const leased = a.claim('A', 200_000, 300_000, 10).map((d) => d.id);
      expect(leased).toEqual(expect.arrayContaining(['c1', 'c2', 'c3']));
      a.settle('c1', 'A', { status: 'delivered', atMs: 200_001 }, { httpStatus: 204 });
      a.settle(
        'c2',
        'A',
        { status: 'pending', nextAttemptAtMs: 900_000, atMs: 200_001 },
        { httpStatus: 500 },
      );
      a.settle('c3', 'A', { status: 'failed', atMs: 200_001 }, { error: 'refused: 10.0.0.1 is private' });
      for (const id of leased.filter((id) => !['c1', 'c2', 'c3'].includes(id)))
        a.settle(id, 'A', { status: 'pending', atMs: 200_001 }, {});
      a.enqueue(notice('c6', 's6', atRisk), 100_000);

      const [newest] = a.lastPerMarket('p');
      expect(newest.payload).toContain('"to":"at_risk"');
      expect(newest.createdAtMs).toBe(100_000);
      expect(a.copiesOf(newest)).toEqual({
        subscriptions: 6,
        delivered: 1,
        pending: 4,
        retrying: 1,
        failed: 1,
        cancelled: 0,
      });
    });

    it('leaves out test messages and other programs', () => {
      a.enqueue({ ...notice('t', 's1', atRisk), kind: 'test' }, 5);
      a.enqueue({ ...notice('q', 's1', atRisk), programId: 'q' }, 5);
      expect(a.lastPerMarket('p')).toEqual([]);
    });
  });
});
