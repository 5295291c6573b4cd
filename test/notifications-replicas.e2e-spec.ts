import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../bench/notify/receiver';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

/**
 * Two replicas on one data dir (one event store, one notifications.sqlite), each with read models of its own:
 * they share the subscriptions, the outbox and the state last notified, so a receiver hears each thing once
 * and both replicas derive the same secret.
 */
describe('notifications from two replicas', () => {
  const root = mkdtempSync(join(tmpdir(), 'tracker-notify-replicas-'));
  const clock = new TestClock('2014-09-01T00:00:00Z');
  let a: TestServer;
  let b: TestServer;
  let receiver: WebhookReceiver;
  const env = (name: string) => ({
    NOTIFY_INTERVAL_MS: '100',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    READ_MODEL_DIR: join(root, `read-models-${name}`),
  });

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    a = await TestServer.start({ dataDir: root, env: env('a'), clock: clock.now });
    b = await TestServer.start({ dataDir: root, env: env('b'), clock: clock.now });
  });
  afterAll(async () => {
    await a.stop({ keepData: true });
    await b.stop({ keepData: true });
    await receiver.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('tell each event and each transition once, signed with the same secret', async () => {
    const sub = await expectPost(a, '/subscriptions', {
      url: receiver.url,
      kinds: ['batch_failed', 'status_changed', 'stale'],
    });
    // The other replica knows it (read back from the log).
    const listed = await b.get('/subscriptions', { key: 'operator' });
    expect(listed.body.subscriptions.map((s: any) => s.id)).toEqual([sub.id]);

    await expectPost(a, '/programs', programBody('twin'));
    await expectPost(b, '/programs/twin/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 100,
      plannedStart: '2014-09-10T00:00:00Z',
    });
    await expectPost(a, '/programs/twin/markets/IN/start', {});
    await expectPost(b, '/programs/twin/markets/IN/batches/b1/copied', { users: 10 });
    await expectPost(a, '/programs/twin/markets/IN/batches/b1/failed', { reason: 'disk full' });
    await expectPost(b, '/programs/twin/markets/IN/batches/b2/copied', { users: 10 });
    await expectPost(b, '/programs/twin/markets/IN/batches/b2/failed', { reason: 'disk full' });
    // Time passes on both: stale, told once.
    clock.set('2014-09-05T00:00:00Z');
    await eventually(
      async () => receiver.messages(),
      (messages) =>
        messages.filter((m) => m.type === 'batch_failed').length === 2 &&
        messages.some((m) => m.type === 'stale'),
    );
    await new Promise((resolve) => setTimeout(resolve, 800)); // several cycles of both replicas
    const messages = receiver.messages();
    expect(
      messages
        .filter((m) => m.type === 'batch_failed')
        .map((m) => m.data.batchId)
        .sort(),
    ).toEqual(['b1', 'b2']);
    expect(messages.filter((m) => m.type === 'stale')).toHaveLength(1);
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of receiver.received)
      expect(() =>
        new Webhook(sub.secret).verify(entry.body, entry.headers as Record<string, string>),
      ).not.toThrow();
  });
});
