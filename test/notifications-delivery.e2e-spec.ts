import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../bench/notify/receiver';
import { checkedFetch } from './support/checked-fetch';
import { ContractProxy } from './support/contract-proxy';
import { runCli } from './support/cli-process';
import { eventually } from './support/eventually';
import { expectPost, programBody } from './support/fixtures';
import { metric } from './support/metric-value';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { KEYS, TestServer } from './support/test-server';

const FAST = { NOTIFY_INTERVAL_MS: '150', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };
const LOOPBACK = { ...FAST, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };

const created = new Set<string>();

async function failABatch(server: TestServer, programId: string, batch = 'b1'): Promise<void> {
  const M = `/programs/${programId}/markets/IN`;
  if (!created.has(`${server.url}/${programId}`)) {
    created.add(`${server.url}/${programId}`);
    await expectPost(server, '/programs', programBody(programId));
    await expectPost(server, `/programs/${programId}/markets`, {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 1000,
    });
    await expectPost(server, `${M}/start`);
  }
  await expectPost(server, `${M}/batches/${batch}/copied`, { users: 10 });
  await expectPost(server, `${M}/batches/${batch}/failed`, { reason: 'disk full' });
}

describe('webhook delivery', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => receiver.stop());

  describe('with loopback allowed', () => {
    let server: TestServer;
    let proxy: ContractProxy;
    beforeAll(async () => {
      server = await TestServer.start({ env: LOOPBACK });
      proxy = await ContractProxy.start(server.url);
    });
    afterAll(async () => {
      await proxy.stop();
      await server.stop();
    });

    it('retries a failing receiver with the same webhook-id until it recovers, and counts the attempts', async () => {
      let calls = 0;
      receiver.respond = () => ({ status: ++calls <= 2 ? 503 : 204 });
      const sub = await expectPost(server, '/subscriptions', {
        url: receiver.url,
        kinds: ['batch_failed'],
        programId: 'retry',
      });
      await failABatch(server, 'retry');
      const delivered = await eventually(
        async () =>
          (await server.get(`/subscriptions/${sub.id}/deliveries`, { key: 'operator' })).body.deliveries,
        (list: any[]) => list.length === 1 && list[0].status === 'delivered',
      );
      expect(delivered[0]).toMatchObject({
        kind: 'batch_failed',
        attempts: 3,
        lastStatus: 204,
        lastError: null,
      });
      expect(receiver.received.map((r) => r.answered)).toEqual([503, 503, 204]);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(
        new Set([delivered[0].id]),
      );
      for (const entry of receiver.received)
        expect(() =>
          new Webhook(sub.secret).verify(entry.body, entry.headers as Record<string, string>),
        ).not.toThrow();
      const metrics = (await server.get('/metrics', { key: null })).text;
      expect(metric(metrics, 'tracker_webhook_deliveries_total{outcome="retried"}')).toBe(2);
      expect(metric(metrics, 'tracker_webhook_deliveries_total{outcome="delivered"}')).toBe(1);
    });

    it('sends Slack and Teams bodies: a sentence with the market, the status in words and a link', async () => {
      const slack = await expectPost(server, '/subscriptions', {
        url: receiver.url,
        kinds: ['batch_failed'],
        programId: 'chat',
        format: 'slack',
      });
      const teams = await expectPost(server, '/subscriptions', {
        url: receiver.url,
        kinds: ['batch_failed'],
        programId: 'chat',
        format: 'teams',
      });
      await failABatch(server, 'chat');
      await eventually(
        async () => receiver.received.length,
        (n) => n === 2,
      );
      const bodies = receiver.received.map((r) => JSON.parse(r.body));
      const slackBody = bodies.find((b) => typeof b.text === 'string');
      const teamsBody = bodies.find((b) => b.type === 'message');
      expect(slackBody.text).toMatch(
        /^Market IN of chat: batch b1 failed \(disk full\)\. <http:\/\/127\.0\.0\.1:\d+\/#\/programs\/chat\/markets\/IN\|Open in the dashboard>$/,
      );
      expect(teamsBody.attachments[0]).toMatchObject({
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          body: [{ type: 'TextBlock', text: 'Market IN of chat: batch b1 failed (disk full).' }],
          actions: [
            {
              type: 'Action.OpenUrl',
              title: 'Open in the dashboard',
              url: expect.stringMatching(/#\/programs\/chat\/markets\/IN$/),
            },
          ],
        },
      });
      expect(slack.id).not.toBe(teams.id);
      // The dashboard's view of it: a notice that told no status, its two copies delivered (the answer is
      // checked against the OpenAPI document, null statuses included).
      const last = await eventually(
        async () => (await server.get('/programs/chat/notifications', { key: 'viewer' })).body,
        (body) => body.markets[0]?.lastNotification.deliveries.delivered === 2,
      );
      expect(last.markets[0].lastNotification).toMatchObject({
        kind: 'batch_failed',
        marketStatus: null,
        previousStatus: null,
        summary: 'Market IN of chat: batch b1 failed (disk full).',
        deliveries: { subscriptions: 2, delivered: 2, pending: 0, retrying: 0, failed: 0, cancelled: 0 },
      });
    });

    it('answers a test delivery with its outcome', async () => {
      const sub = await expectPost(server, '/subscriptions', { url: receiver.url, kinds: ['stale'] });
      const test = await server.post(`/subscriptions/${sub.id}/test`);
      expect(test.status).toBe(200);
      expect(test.body).toMatchObject({ kind: 'test', status: 'delivered', attempts: 1, lastStatus: 204 });
      expect(JSON.parse(receiver.received[0].body)).toMatchObject({
        type: 'test',
        data: { subscriptionId: sub.id },
      });
    });

    it('tells a removed subscription nothing more', async () => {
      const sub = await expectPost(server, '/subscriptions', {
        url: receiver.url,
        kinds: ['batch_failed'],
        programId: 'gone',
      });
      await failABatch(server, 'gone', 'b1');
      await eventually(
        async () => receiver.received.length,
        (n) => n === 1,
      );
      await server.request('DELETE', `/subscriptions/${sub.id}`, { key: 'operator' });
      await failABatch(server, 'gone', 'b2');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(receiver.messages().map((m) => m.data.batchId)).toEqual(['b1']);
    });

    it('audits subscriptions like every step: in the Merkle tree, signed, verified', async () => {
      const sub = await expectPost(server, '/subscriptions', { url: receiver.url, kinds: ['stale'] });
      const removed = await server.request('DELETE', `/subscriptions/${sub.id}`, { key: 'operator' });
      expect((await server.post('/audit/checkpoints', undefined, { key: 'auditor' })).status).toBe(201);
      for (const position of [sub.position, removed.body.position]) {
        const proof = await server.get(`/audit/proofs/inclusion?position=${position}`);
        expect(proof.status).toBe(200);
      }
      const events = (await server.allEvents()).filter((e) => e.streamId === `subscription-${sub.id}`);
      expect(events.map((e) => [e.type, e.metadata.actor])).toEqual([
        ['SubscriptionCreated', 'ops-1'],
        ['SubscriptionRemoved', 'ops-1'],
      ]);
      expect((await server.get('/audit/verify')).body).toMatchObject({ ok: true });
    });

    it('lists, removes and refuses: 400 naming the field, 403 for a viewer, 404 for an unknown id', async () => {
      const sub = await expectPost(server, '/subscriptions', { url: receiver.url, kinds: ['stale'] });
      const listed = await server.get('/subscriptions', { key: 'operator' });
      expect(listed.body.subscriptions.map((s: any) => s.id)).toContain(sub.id);
      expect(JSON.stringify(listed.body)).not.toContain(sub.secret);
      expect((await server.get('/subscriptions', { key: 'viewer' })).status).toBe(403);
      expect(
        (await server.post('/subscriptions', { url: receiver.url, kinds: ['stale'] }, { key: 'viewer' }))
          .status,
      ).toBe(403);

      const badUrl = await server.post('/subscriptions', { url: 'ftp://example.com/x', kinds: ['stale'] });
      expect(badUrl.status).toBe(400);
      expect(badUrl.body.details.fields[0].field).toBe('url');
      const badKind = await server.post('/subscriptions', { url: receiver.url, kinds: ['weather'] });
      expect(badKind.status).toBe(400);
      expect(badKind.body.details.fields[0].field).toBe('kinds');
      const badFormat = await server.post('/subscriptions', {
        url: receiver.url,
        kinds: ['stale'],
        format: 'email',
      });
      expect(badFormat.status).toBe(400);
      expect(badFormat.body.details.fields[0].field).toBe('format');

      for (const body of [
        {},
        { url: 42, kinds: ['stale'] },
        { url: receiver.url, kinds: 'stale' },
        { url: receiver.url, kinds: [] },
        { url: receiver.url, kinds: ['stale', 'stale'] },
        { url: receiver.url, kinds: ['stale'], markets: ['in'] },
        { url: receiver.url, kinds: ['stale'], markets: [] },
        { url: receiver.url, kinds: ['stale'], programId: 'Not An Id' },
        { url: receiver.url, kinds: ['stale'], secret: 'mine' },
        { url: 'https://user:pw@example.com/hook', kinds: ['stale'] },
        { url: `https://example.com/${'x'.repeat(3000)}`, kinds: ['stale'] },
      ]) {
        const answer = await server.post('/subscriptions', body);
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
        expect(answer.body.message).toEqual(expect.any(String));
      }
      const removed = await server.request('DELETE', `/subscriptions/${sub.id}`, { key: 'operator' });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ id: sub.id, status: 'removed' });
      expect((await server.request('DELETE', `/subscriptions/${sub.id}`, { key: 'operator' })).status).toBe(
        404,
      );
      expect((await server.post(`/subscriptions/${sub.id}/test`)).status).toBe(404);
      const after = await server.get('/subscriptions', { key: 'operator' });
      expect(after.body.subscriptions.map((s: any) => s.id)).not.toContain(sub.id);
      const unknown = await server.get('/subscriptions/sub_00000000000000000000000000000000/deliveries', {
        key: 'operator',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('subscription_not_found');
      expect((await server.get('/subscriptions/nope/deliveries', { key: 'operator' })).status).toBe(400);
    });
    it('is driven from the CLI: add (secret once), list, test, deliveries, remove', async () => {
      // Through the contract-checking proxy: each answer the CLI gets is checked against the document.
      const env = { TRACKER_URL: proxy.url, TRACKER_KEY: KEYS.operator };
      const add = await runCli(
        [
          'subscription',
          'add',
          receiver.url,
          '--kinds',
          'stale,batch_failed',
          '--program',
          'cli',
          '--markets',
          'IN,HK',
          '--json',
        ],
        env,
      );
      expect(add.code).toBe(0);
      const { id, secret } = JSON.parse(add.stdout);
      expect(secret).toMatch(/^whsec_/);
      const listed = await runCli(['subscription', 'list'], env);
      expect(listed.stdout).toContain(id);
      expect(listed.stdout).toContain('stale,batch_failed');
      expect(listed.stdout).not.toContain(secret);
      const test = await runCli(['subscription', 'test', id], env);
      expect(test.code).toBe(0);
      expect(test.stdout).toMatch(/test +- +delivered +1/);
      expect(
        new Webhook(secret).verify(
          receiver.received[0].body,
          receiver.received[0].headers as Record<string, string>,
        ),
      ).toMatchObject({ type: 'test' });
      const deliveries = await runCli(['subscription', 'deliveries', id, '--json'], env);
      expect(JSON.parse(deliveries.stdout).deliveries).toHaveLength(1);
      expect((await runCli(['subscription', 'remove', id], env)).stdout).toMatch(
        new RegExp(`^removed ${id} position \\d+`),
      );
      const again = await runCli(['subscription', 'remove', id], env);
      expect(again.code).toBe(3);
      expect(again.stderr).toContain('subscription_not_found');
      const bad = await runCli(['subscription', 'add', 'ftp://x', '--kinds', 'stale'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('url');
      expect(await proxy.mismatches()).toEqual([]);
    });
  });

  describe('without the allow-list', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await TestServer.start({ env: { ...FAST, WEBHOOK_RETRY_FOR_MS: '0' } });
    });
    afterAll(() => server.stop());

    it.each([['127.0.0.1'], ['localhost']])(
      'refuses a receiver on a loopback address (%s), checked after resolution',
      async (host) => {
        const sub = await expectPost(server, '/subscriptions', {
          url: receiver.url.replace('127.0.0.1', host),
          kinds: ['stale'],
        });
        const test = await server.post(`/subscriptions/${sub.id}/test`);
        expect(test.body).toMatchObject({ status: 'failed', lastStatus: null });
        expect(test.body.lastError).toMatch(/resolves to (127\.0\.0\.1|::1).*WEBHOOK_ALLOWED_HOSTS/);
        expect(receiver.received).toHaveLength(0);
        const metrics = (await server.get('/metrics', { key: null })).text;
        expect(metric(metrics, 'tracker_webhook_deliveries_total{outcome="refused"}')).toBeGreaterThan(0);
      },
    );
  });

  describe('with a bounded retry time', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await TestServer.start({ env: { ...LOOPBACK, WEBHOOK_RETRY_FOR_MS: '1500' } });
    });
    afterAll(() => server.stop());

    it('marks a delivery failed once it has failed for that long, visible in the log and metrics', async () => {
      receiver.respond = () => ({ status: 500 });
      const sub = await expectPost(server, '/subscriptions', { url: receiver.url, kinds: ['batch_failed'] });
      await failABatch(server, 'bounded');
      const failed = await eventually(
        async () =>
          (await server.get(`/subscriptions/${sub.id}/deliveries`, { key: 'operator' })).body.deliveries,
        (list: any[]) => list.length === 1 && list[0].status === 'failed',
      );
      expect(failed[0].attempts).toBeGreaterThanOrEqual(2);
      expect(failed[0]).toMatchObject({ lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null });
      const count = receiver.received.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(count); // no attempt after giving up
      const metrics = (await server.get('/metrics', { key: null })).text;
      expect(metric(metrics, 'tracker_webhook_deliveries_total{outcome="failed"}')).toBe(1);
      expect(metric(metrics, 'tracker_webhook_outbox_messages{status="failed"}')).toBe(1);
    });
  });

  describe('across kill -9', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-notify-kill-'));
    const env = {
      ...LOOPBACK,
      DATA_DIR: dataDir,
      API_KEYS: `ops:operator:${KEYS.operator},audit:auditor:${KEYS.auditor}`,
    };
    let server: ServerProcess | undefined;
    afterAll(async () => {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await checkedFetch(`${server!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${KEYS.operator}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as any;
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    it('delivers a notification queued before the process was killed, after restart, under the same id', async () => {
      receiver.respond = () => 'hang'; // the first attempt never gets an answer
      server = await startServerProcess(env);
      const sub = await call('POST', '/subscriptions', { url: receiver.url, kinds: ['batch_failed'] });
      await call('POST', '/programs', programBody('kill'));
      await call('POST', '/programs/kill/markets', {
        market: 'IN',
        targetRegion: 'us-east',
        usersInScope: 100,
      });
      await call('POST', '/programs/kill/markets/IN/start', {});
      await call('POST', '/programs/kill/markets/IN/batches/b1/copied', { users: 10 });
      await call('POST', '/programs/kill/markets/IN/batches/b1/failed', { reason: 'disk full' });
      await eventually(
        async () => receiver.received.length,
        (n) => n === 1,
      );
      await server.kill();

      receiver.respond = () => ({ status: 204 });
      server = await startServerProcess(env);
      await eventually(
        async () => receiver.received.filter((r) => r.answered === 204).length,
        (n) => n === 1,
        15_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(receiver.received.filter((r) => r.answered === 204)).toHaveLength(1);
      const deliveries = (await call('GET', `/subscriptions/${sub.id}/deliveries`)).deliveries;
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    }, 60_000);
  });
});
