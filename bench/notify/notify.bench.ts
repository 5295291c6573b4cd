import type { Figure } from '../support/figures';
import { listenApi, type BenchApi } from '../support/bench-api';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { median, percentile, sortedCopy } from '../support/stats';
import { formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { WebhookReceiver } from './receiver';

/**
 * A slow webhook receiver must not slow commands: sequential commands (a batch copied, then failed, each
 * failure queuing a batch_failed notification) against the real API subscribed to a receiver that answers
 * after 5 s (candidate) or at once (baseline). Deliveries run beside the commands, at most
 * WEBHOOK_CONCURRENCY at a time, each bounded by WEBHOOK_TIMEOUT_MS: with a receiver this slow every slot
 * stays taken and the outbox grows, which is the point. Figure: command p99, candidate ÷ baseline.
 */

const FULL = { rounds: 5, warmup: 40, commands: 400 };
const QUICK = { rounds: 2, warmup: 20, commands: 100 };
const SLOW_MS = 5_000;
const OPERATOR_KEY = 'bench-notify-operator-0001';
const HEADERS = { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };

async function post(origin: string, path: string, body: object): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return performance.now() - started;
}

interface Side {
  latencies: number[];
  received: number;
}

/** One side of a round: a fresh API and receiver, `warmup` then `commands` sequential commands. */
async function runSide(options: BenchOptions, delayMs: number, budget: typeof FULL): Promise<Side> {
  const dir = makeTempDir('notify-api');
  const receiver = await new WebhookReceiver().start();
  receiver.respond = () => ({ status: 204, delayMs });
  let api: BenchApi | undefined;
  try {
    api = await listenApi(dir, options.durability, {
      API_KEYS: `bench-ops:operator:${OPERATOR_KEY}`,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_TIMEOUT_MS: String(SLOW_MS * 2),
    });
    const origin = api.origin;
    await post(origin, '/subscriptions', {
      url: receiver.url,
      kinds: ['batch_failed', 'status_changed', 'stale'],
    });
    await post(origin, '/programs', {
      programId: 'notify',
      name: 'Notification benchmark',
      sourceRegion: 'cn-north',
      deadline: '2030-10-31T23:59:59+08:00',
      dataCategories: ['contacts'],
    });
    await post(origin, '/programs/notify/markets', {
      market: 'IN',
      targetRegion: 'us-east',
      usersInScope: 1e9,
    });
    await post(origin, '/programs/notify/markets/IN/start', {});
    const latencies: number[] = [];
    for (let i = 0; i < budget.warmup + budget.commands; i += 2) {
      const batch = `/programs/notify/markets/IN/batches/b${i}`;
      const copied = await post(origin, `${batch}/copied`, { users: 10 });
      const failed = await post(origin, `${batch}/failed`, { reason: 'bench' });
      if (i >= budget.warmup) latencies.push(copied, failed);
    }
    return { latencies, received: receiver.received.length };
  } finally {
    await api?.close();
    await receiver.stop();
    removeTempDir(dir);
  }
}

export async function notifyBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  const durability = durabilityLabel(options.durability);
  console.log(
    `\n== notify: command latency with a webhook receiver answering after ${SLOW_MS / 1000} s vs at once (${durability})`,
  );
  const ratios: Record<50 | 99, number[]> = { 50: [], 99: [] };
  const all: Record<'baseline' | 'candidate', number[]> = { baseline: [], candidate: [] };
  for (let round = 1; round <= budget.rounds; round++) {
    // Alternate which side goes first: a machine busy at one moment does not always hurt the same side.
    const order: ('baseline' | 'candidate')[] =
      round % 2 === 1 ? ['baseline', 'candidate'] : ['candidate', 'baseline'];
    const sides: Partial<Record<'baseline' | 'candidate', Side>> = {};
    for (const side of order)
      sides[side] = await runSide(options, side === 'candidate' ? SLOW_MS : 0, budget);
    const base = sortedCopy(sides.baseline!.latencies);
    const cand = sortedCopy(sides.candidate!.latencies);
    all.baseline.push(...base);
    all.candidate.push(...cand);
    for (const p of [50, 99] as const) ratios[p].push(percentile(cand, p) / percentile(base, p));
    console.log(
      `   round ${round}: ${base.length} commands per side; p99 ${formatNumber(percentile(base, 99))} ms at once vs ` +
        `${formatNumber(percentile(cand, 99))} ms slow receiver; webhooks received ${sides.baseline!.received} / ` +
        `${sides.candidate!.received} (the slow one holds every delivery slot)`,
    );
  }
  const base = sortedCopy(all.baseline);
  const cand = sortedCopy(all.candidate);
  return ([50, 99] as const).map((p) => ({
    part: 'notify',
    name: `command p${p}, receiver sleeping ${SLOW_MS / 1000} s vs answering at once`,
    durability,
    unit: 'ms',
    baseline: percentile(base, p),
    candidate: percentile(cand, p),
    ratio: median(ratios[p]),
    ...(p === 99 ? { target: 1.5, targetKind: 'max' as const } : {}),
  }));
}
