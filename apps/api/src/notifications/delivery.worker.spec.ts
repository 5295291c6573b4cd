import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotifyConfig } from '../config/app.config';
import { AddressRefusedError } from './address-guard';
import { DeliveryWorker, retryDelayMs } from './delivery.worker';
import type { NotificationMetrics } from './notification.metrics';
import { NotificationStore } from './notification.store';
import { WebhookSecrets } from './webhook-secrets';
import { sendWebhook } from './webhook-sender';

jest.mock('./webhook-sender', () => ({ sendWebhook: jest.fn() }));
const send = sendWebhook as jest.MockedFunction<typeof sendWebhook>;

describe('retry delay', () => {
  it('doubles per attempt, between half and all of the doubled delay', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(40, 1000, () => 1)).toBe(3_600_000);
  });
});

describe('delivery worker', () => {
  let dir: string;
  let store: NotificationStore;
  let now: number;
  let worker: DeliveryWorker;
  const outcomes: string[] = [];
  const metrics = {
    attempts: { inc: ({ outcome }: { outcome: string }) => outcomes.push(outcome) },
    duration: { observe: () => undefined },
  } as unknown as NotificationMetrics;
  const config: NotifyConfig = {
    intervalMs: 60_000,
    allowedHosts: [],
    timeoutMs: 1_000,
    concurrency: 2,
    retryBaseMs: 1_000,
    retryForMs: 10_000,
    publicUrl: 'https://tracker.example.com',
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'delivery-worker-'));
    store = new NotificationStore(join(dir, 'notifications.sqlite'));
    now = 1_000_000;
    worker = new DeliveryWorker(store, new WebhookSecrets(dir), metrics, config, () => now);
    outcomes.length = 0;
    send.mockReset();
    store.addSubscription(
      { subscriptionId: 's1', url: 'https://hooks.example.com/x', kinds: ['stale'], format: 'json' },
      '2014-01-01T00:00:00Z',
      'ops',
    );
  });
  afterEach(async () => {
    await worker.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const queue = (id: string, subscriptionId = 's1') =>
    store.enqueue({ id, subscriptionId, kind: 'stale', payload: '{"type":"stale","data":{}}' }, now);
  /** One pass over the outbox, and the attempts it started settled. */
  async function pass(): Promise<void> {
    worker.wake();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('retries a failing receiver with growing delays, then gives up after WEBHOOK_RETRY_FOR_MS', async () => {
    send.mockResolvedValue(503);
    queue('m1');
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      await pass();
      const delivery = store.delivery('m1')!;
      if (delivery.status !== 'pending') break;
      waits.push(delivery.nextAttemptAtMs - now);
      now = delivery.nextAttemptAtMs;
    }
    // 1 s, 2 s, 4 s (each halved at worst by the jitter), until 10 s after queueing.
    expect(waits.length).toBeGreaterThanOrEqual(2);
    waits.forEach((wait, n) => {
      expect(wait).toBeGreaterThanOrEqual(500 * 2 ** n);
      expect(wait).toBeLessThanOrEqual(1000 * 2 ** n);
    });
    expect(store.delivery('m1')).toMatchObject({ status: 'failed', lastStatus: 503, lastError: 'HTTP 503' });
    expect(outcomes.at(-1)).toBe('failed');
    expect(outcomes.slice(0, -1).every((outcome) => outcome === 'retried')).toBe(true);
    // Every attempt with the same webhook-id.
    expect(new Set(send.mock.calls.map(([message]) => message.webhookId))).toEqual(new Set(['m1']));
  });

  it('fails a refused address at once, saying why', async () => {
    send.mockRejectedValue(new AddressRefusedError('hooks.example.com', '10.0.0.1'));
    queue('m1');
    await pass();
    expect(store.delivery('m1')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(store.delivery('m1')!.lastError).toMatch(/10\.0\.0\.1.*WEBHOOK_ALLOWED_HOSTS/);
    expect(outcomes).toEqual(['refused']);
  });

  it('fails at once a subscription whose URL could not be opened, without trying to send', async () => {
    store.addSubscription(
      { subscriptionId: 's2', url: '', kinds: ['stale'], format: 'json' },
      '2014-01-01T00:00:00Z',
      'ops',
    );
    queue('m2', 's2');
    await pass();
    expect(send).not.toHaveBeenCalled();
    expect(store.delivery('m2')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(store.delivery('m2')!.lastError).toMatch(/cannot be opened.*webhook-key/);
    expect(outcomes).toEqual(['failed']);
  });

  it('has at most WEBHOOK_CONCURRENCY attempts in flight, and takes the next as one ends', async () => {
    const answers: ((status: number) => void)[] = [];
    send.mockImplementation(
      (_message, limits) =>
        new Promise<number>((resolve, reject) => {
          answers.push(resolve);
          // As the real sender: stopping the worker abandons the attempt.
          limits.stop?.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    );
    for (const id of ['m1', 'm2', 'm3', 'm4']) queue(id);
    await pass();
    await pass();
    expect(send).toHaveBeenCalledTimes(2);
    answers[0](204);
    await pass();
    expect(send).toHaveBeenCalledTimes(3);
    expect(store.delivery(send.mock.calls[0][0].webhookId)?.status).toBe('delivered');
  });
});
