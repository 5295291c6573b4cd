import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../bench/notify/receiver';
import { eventually } from './support/eventually';
import { programBody } from './support/fixtures';
import { startServerProcess, type ServerProcess } from './support/server-process';

const OPERATOR = 'notify-processes-operator-key';
const P = '/programs/twin';
const IN = `${P}/markets/IN`;
/** One attempt's bound; a claim's lease is this plus 5 s (DeliveryWorker). */
const TIMEOUT_MS = 4_000;

async function post(server: ServerProcess, path: string, body: unknown = {}): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two tracker processes on one data dir (one events file, one notifications.sqlite), each with read models of
 * its own, as `docker/compose.cluster.yaml` runs them: both read the log, both re-assess markets, both send
 * the outbox. A receiver hears each event and each transition once; a replica killed (SIGKILL) while it holds
 * a message's lease leaves it to the other, which sends it, with the same webhook-id, once the lease expires.
 */
describe('notifications from two replica processes', () => {
  const root = mkdtempSync(join(tmpdir(), 'tracker-notify-processes-'));
  const dataDir = join(root, 'shared');
  const env = (name: string) => ({
    API_KEYS: `ops:operator:${OPERATOR}`,
    DATA_DIR: dataDir,
    READ_MODEL_DIR: join(root, `read-models-${name}`),
    TRACKER_NOW: '2014-09-01T00:00:00Z',
    NOTIFY_INTERVAL_MS: '100',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  const servers: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let receiver: WebhookReceiver;
  let hanging: WebhookReceiver;

  /** The outbox as both replicas share it (read beside them, as a second reader of the WAL file). */
  function outbox(id: string): { status: string; attempts: number; lease_owner: string | null } | undefined {
    const db = new Database(join(dataDir, 'notifications.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT status, attempts, lease_owner FROM outbox WHERE id = ?').get(id) as any;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    hanging = await new WebhookReceiver().start();
    [a, b] = await Promise.all([startServerProcess(env('a')), startServerProcess(env('b'))]);
    servers.push(a, b);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await receiver?.stop();
    await hanging?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('tell each event and each status change once, whichever replica wrote or noticed it', async () => {
    await post(a, '/programs', programBody('twin'));
    await post(b, `${P}/markets`, { market: 'IN', targetRegion: 'us-east', usersInScope: 1000 });
    await post(a, `${IN}/start`);
    await post(b, `${IN}/batches/b1/copied`, { users: 500 });
    await post(a, `${IN}/batches/b1/verified`);
    const sub = await post(b, '/subscriptions', {
      url: receiver.url,
      kinds: ['batch_failed', 'status_changed'],
      programId: 'twin',
    });
    // On track, as first seen (recorded, not told) by whichever replica assessed first.
    await pause(1_000);
    const changes = () => receiver.messages().filter((m) => m.type === 'status_changed');
    const waitForChanges = (n: number) =>
      eventually(
        async () => changes(),
        (told) => told.length >= n,
        20_000,
      );

    await post(a, `${IN}/pause`, { reason: 'storage quota' });
    await waitForChanges(1);
    await post(b, `${IN}/resume`);
    await waitForChanges(2);
    await post(a, `${IN}/pause`, { reason: 'storage quota again' });
    await waitForChanges(3);
    await post(b, `${IN}/resume`);
    await post(b, `${IN}/batches/b2/copied`, { users: 10 });
    await post(a, `${IN}/batches/b2/failed`, { reason: 'disk full' });
    await post(a, `${IN}/batches/b3/copied`, { users: 10 });
    await post(b, `${IN}/batches/b3/failed`, { reason: 'checksum mismatch' });
    await eventually(
      async () => receiver.messages(),
      (messages) => messages.filter((m) => m.type === 'batch_failed').length >= 2 && changes().length >= 4,
      20_000,
    );
    await pause(1_500); // many assessment cycles of both replicas

    expect(changes().map((m) => `${m.data.from}->${m.data.to}`)).toEqual([
      'on_track->at_risk',
      'at_risk->on_track',
      'on_track->at_risk',
      'at_risk->on_track',
    ]);
    const failed = receiver.messages().filter((m) => m.type === 'batch_failed');
    expect(failed.map((m) => m.data.batchId).sort()).toEqual(['b2', 'b3']);
    const ids = receiver.messages().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Both replicas derive the same secret from the shared webhook key.
    for (const entry of receiver.received)
      expect(() =>
        new Webhook(sub.secret).verify(entry.body, entry.headers as Record<string, string>),
      ).not.toThrow();
  }, 120_000);

  it('a replica killed while it holds a delivery: the other sends it after the lease, once, same webhook-id', async () => {
    // The first attempt never gets an answer; the next ones do.
    hanging.respond = () => (hanging.received.length === 1 ? 'hang' : { status: 204 });
    await post(a, '/subscriptions', { url: hanging.url, kinds: ['scope_revised'], programId: 'twin' });
    await pause(500);
    await post(b, `${IN}/scope`, { usersInScope: 900, reason: 'accounts closed' });
    const [first] = await eventually(
      async () => hanging.received,
      (received) => received.length === 1,
      20_000,
    );
    const firstSeenAt = Date.now();
    const id = String(first.headers['webhook-id']);
    const owner = outbox(id)?.lease_owner;
    const holder = servers.find((server) => owner?.startsWith(`${server.pid}-`));
    if (!holder) throw new Error(`no replica holds ${id}: lease owner ${owner}`);
    await holder.kill();
    servers.splice(servers.indexOf(holder), 1);

    const [, again] = await eventually(
      async () => hanging.received,
      (received) => received.length >= 2,
      TIMEOUT_MS + 15_000,
    );
    // Not before the lease ran out: one attempt's time plus 5 s from the claim, which the first arrival follows
    // by a moment (1 s of slack for the probes).
    expect(Date.now() - firstSeenAt).toBeGreaterThan(TIMEOUT_MS + 5_000 - 1_000);
    expect(again.headers['webhook-id']).toBe(id);
    await eventually(
      async () => outbox(id),
      (row) => row?.status === 'delivered',
    );
    expect(outbox(id)).toMatchObject({ status: 'delivered', attempts: 2, lease_owner: null });
    await pause(1_500);
    expect(hanging.received.map((entry) => entry.headers['webhook-id'])).toEqual([id, id]);
    expect(hanging.received.map((entry) => entry.answered)).toEqual([0, 204]);
  }, 60_000);
});
