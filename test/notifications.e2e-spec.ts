import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../bench/notify/receiver';
import { eventually } from './support/eventually';
import { expectPost, NOTIFY_TEST_ENV, programBody } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { TestServer } from './support/test-server';

const P = '/programs/notify';
const ENV = NOTIFY_TEST_ENV;
const ALL_KINDS = [
  'status_changed',
  'stale',
  'batch_failed',
  'deadline_revised',
  'scope_revised',
  'market_completed',
  'projection_stopped',
];

describe('notifications (webhooks)', () => {
  const clock = new TestClock('2014-09-01T00:00:00Z');
  let server: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await TestServer.start({ clock: clock.now, env: ENV });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await server.stop();
    await receiver.stop();
  });

  const subscribe = async (body: Record<string, unknown>) => expectPost(server, '/subscriptions', body);
  const ofKind = (kind: string) => receiver.messages().filter((m) => m.type === kind);

  it('tells each kind once, signed per Standard Webhooks, and nothing while a status holds', async () => {
    await expectPost(server, '/programs', programBody('notify'));
    await expectPost(server, `${P}/markets`, {
      market: 'IN',
      targetRegion: 'singapore',
      usersInScope: 100,
      plannedStart: '2014-09-10T00:00:00Z',
    });
    const created = await subscribe({ url: receiver.url, kinds: ALL_KINDS, programId: 'notify' });
    expect(created.id).toMatch(/^sub_[a-f0-9]{32}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The secret is nowhere in the log (auditors read it), the subscription is.
    const log = JSON.stringify(await server.allEvents());
    expect(log).toContain(created.id);
    expect(log).not.toContain(created.secret.slice(6));
    // Nor is the URL (a chat webhook URL is a credential): its host is, for the record.
    expect(log).not.toContain(receiver.url);
    expect(log).toContain(`"host":"${new URL(receiver.url).host}"`);

    // Time passes: the planned start is behind, nothing logged: at risk and stale, told once each.
    clock.set('2014-09-11T12:00:00Z');
    await eventually(
      async () => receiver.messages(),
      (messages) =>
        messages.some((m) => m.type === 'stale') && messages.some((m) => m.type === 'status_changed'),
    );
    await new Promise((resolve) => setTimeout(resolve, 600)); // several assessment cycles
    expect(ofKind('status_changed').map((m) => [m.data.from, m.data.to])).toEqual([
      ['not_started', 'at_risk'],
    ]);
    expect(ofKind('stale')).toHaveLength(1);
    expect(ofKind('status_changed')[0].data).toMatchObject({
      programId: 'notify',
      market: 'IN',
      dashboardUrl: 'https://tracker.example.com/#/programs/notify/markets/IN',
    });

    const M = `${P}/markets/IN`;
    await expectPost(server, `${M}/start`);
    await expectPost(server, `${M}/batches/b1/copied`, { users: 100 });
    await expectPost(server, `${M}/batches/b1/failed`, { reason: 'checksum mismatch' });
    await expectPost(server, `${M}/scope`, { usersInScope: 90, reason: 'accounts closed' });
    await expectPost(server, `${P}/deadline`, { deadline: '2014-11-30T23:59:59+08:00', reason: 'regulator' });
    await expectPost(server, `${M}/batches/b1/copied`, { users: 90 });
    await expectPost(server, `${M}/batches/b1/verified`);
    await expectPost(server, `${M}/cutover`);
    await expectPost(server, `${M}/purge`, { evidence: 'ticket-1' });
    await expectPost(server, `${M}/complete`);
    await eventually(
      async () => receiver.messages(),
      (messages) =>
        ['batch_failed', 'scope_revised', 'deadline_revised', 'market_completed'].every((kind) =>
          messages.some((m) => m.type === kind),
        ) && messages.some((m) => m.type === 'status_changed' && m.data.to === 'completed'),
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const kind of ['batch_failed', 'scope_revised', 'deadline_revised', 'market_completed'])
      expect(ofKind(kind)).toHaveLength(1);
    expect(ofKind('batch_failed')[0].data).toMatchObject({ batchId: 'b1', reason: 'checksum mismatch' });
    expect(ofKind('deadline_revised')[0].data).toMatchObject({ deadline: '2014-11-30T23:59:59+08:00' });
    expect(ofKind('status_changed').at(-1)!.data.to).toBe('completed');

    // Every message once (ids unique), every signature verified by the maintained library.
    const ids = receiver.received.map((entry) => entry.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    const webhook = new Webhook(created.secret);
    for (const entry of receiver.received) {
      expect(() => webhook.verify(entry.body, entry.headers as Record<string, string>)).not.toThrow();
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        receiver.received[0].body,
        receiver.received[0].headers as Record<string, string>,
      ),
    ).toThrow();

    // The delivery log and the dashboard's view agree.
    const deliveries = await server.get(`/subscriptions/${created.id}/deliveries`, { key: 'operator' });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.deliveries.every((d: any) => d.status === 'delivered')).toBe(true);
    expect(deliveries.body.deliveries).toHaveLength(receiver.received.length);
    const last = await server.get(`${P}/notifications`, { key: 'viewer' });
    expect(last.status).toBe(200);
    expect(last.body.markets).toEqual([
      expect.objectContaining({
        market: 'IN',
        lastNotification: expect.objectContaining({
          kind: 'status_changed',
          marketStatus: 'completed',
          status: 'delivered',
          // One subscription so far, told once.
          deliveries: { subscriptions: 1, delivered: 1, pending: 0, retrying: 0, failed: 0, cancelled: 0 },
        }),
      }),
    ]);
  });

  it('tells a stopped projection (poison event) once', async () => {
    const sub = await subscribe({ url: receiver.url, kinds: ['projection_stopped'] });
    const db = new Database(join(server.dataDir, 'events.sqlite'));
    const stream = 'market-notify-IN';
    const revision =
      Number((db.prepare('SELECT max(revision) AS r FROM events WHERE stream_id = ?').get(stream) as any).r) +
      1;
    const now = new Date().toISOString();
    db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      stream,
      revision,
      randomUUID(),
      'BatchCopied',
      JSON.stringify({ programId: 'notify', market: 'IN', batchId: 'bad' }),
      JSON.stringify({ actor: 'intruder', occurredAt: now, recordedAt: now }),
      now,
    );
    db.close();
    await expectPost(server, '/programs', programBody('wake-up'));
    const stopped = await eventually(
      async () => receiver.messages().filter((m) => m.type === 'projection_stopped'),
      (messages) => messages.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    const told = (await server.get(`/subscriptions/${sub.id}/deliveries`, { key: 'operator' })).body
      .deliveries;
    const projections = told.map((d: any) => d.payload.data.projection);
    expect(projections).toContain('market-progress');
    expect(new Set(projections).size).toBe(told.length); // once per stopped projection
    expect(told[0].payload.data).toMatchObject({ eventType: 'BatchCopied', streamId: stream });
    // Both subscriptions that asked for the kind (the first one asked for every kind) were told, once each.
    expect(receiver.messages().filter((m) => m.type === 'projection_stopped')).toHaveLength(2 * told.length);
    expect(stopped.length).toBeGreaterThan(0);
    await server.request('DELETE', `/subscriptions/${sub.id}`, { key: 'operator' });
  });
});
