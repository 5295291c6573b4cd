import { notificationWords, type LastNotification } from './notification-words';

const TZ = 'Asia/Singapore';
const copies = (counts: Partial<LastNotification['deliveries']>): LastNotification['deliveries'] => ({
  subscriptions: 0,
  delivered: 0,
  pending: 0,
  retrying: 0,
  failed: 0,
  cancelled: 0,
  ...counts,
});
const notice = (overrides: Partial<LastNotification> = {}): LastNotification => ({
  id: 'msg_1',
  kind: 'status_changed',
  summary:
    'Market IN of intl-2014 is now at risk (was on track): stale: no step since 2014-09-10T02:00:00.000Z.',
  marketStatus: 'at_risk',
  previousStatus: 'on_track',
  noticedAt: '2014-09-11T12:00:00.000Z',
  createdAt: '2026-12-05T12:00:00.000Z',
  status: 'delivered',
  deliveredAt: '2014-09-11T12:00:01.000Z',
  deliveries: copies({ subscriptions: 2, delivered: 2 }),
  ...overrides,
});

describe('the last notification in words', () => {
  it('says the kind, the status told with the one before, when (in the program zone) and to whom', () => {
    expect(notificationWords(notice(), TZ)).toEqual({
      kind: 'Status changed',
      status: 'At risk (was On track)',
      when: 'Notified 11 Sept 2014, 20:00 GMT+8',
      delivery: 'Delivered to 2 subscriptions',
      state: 'delivered',
      summary:
        'Market IN of intl-2014 is now at risk (was on track): stale: no step since 10 Sept 2014, 10:00 GMT+8.',
    });
  });

  it('names no status for a notice that told none, and only the status of a stale one', () => {
    expect(
      notificationWords(notice({ kind: 'batch_failed', marketStatus: null, previousStatus: null }), TZ),
    ).toMatchObject({ kind: 'Batch failed', status: '' });
    expect(
      notificationWords(notice({ kind: 'stale', marketStatus: 'off_track', previousStatus: null }), TZ),
    ).toMatchObject({ kind: 'Turned stale', status: 'Off track' });
  });

  it('says how copies fared when not all were delivered: failing wins over sending', () => {
    const words = (counts: Partial<LastNotification['deliveries']>) =>
      notificationWords(notice({ deliveries: copies(counts) }), TZ);
    expect(words({ subscriptions: 1, pending: 1 })).toMatchObject({
      delivery: 'To 1 subscription: 1 sending',
      state: 'sending',
    });
    expect(words({ subscriptions: 4, delivered: 1, pending: 2, retrying: 1, failed: 1 })).toMatchObject({
      delivery: 'To 4 subscriptions: 1 delivered, 1 failing, retrying, 1 sending, 1 failed',
      state: 'failing',
    });
    expect(words({ subscriptions: 2, delivered: 1, pending: 1, retrying: 1 }).state).toBe('failing');
    expect(words({ subscriptions: 1, cancelled: 1 })).toMatchObject({
      delivery: 'To 1 subscription: 1 cancelled',
      state: 'cancelled',
    });
  });
});
