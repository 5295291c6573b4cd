import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { copyLogTo, generatedLog } from '../support/generated-logs';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { now } from '../support/timing';

/**
 * Peak RSS of the API process over one GET /audit/verify (streamed, NDJSON) and one GET /audit/bundle (the
 * tar drained, not kept) on generated logs of 100k and 1M events: each on a fresh server whose peak mark is
 * reset once start-up and the read models' catch-up are done, so the figure is the operation's. Run once by
 * hand: `node -r @swc-node/register bench/audit/audit-memory.main.ts [events ...]`.
 */
const AUDITOR_KEY = 'bench-auditor-key-0001';

type Reply = { origin?: string; reset?: boolean; peak?: number; rss?: number };

async function ask(child: ChildProcess, message: string, key: keyof Reply): Promise<Reply> {
  const reply = new Promise<Reply>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the API process exited (${code})`));
    const listen = (m: Reply) => {
      if (m[key] === undefined) return;
      child.off('message', listen);
      child.off('exit', exited);
      resolve(m);
    };
    child.on('message', listen);
    child.once('exit', exited);
  });
  if (message) child.send(message);
  return reply;
}

/** Drains an answer; time to its first byte and to its end, and its size. */
async function drain(
  url: string,
): Promise<{ firstMs: number; totalMs: number; bytes: number; last: string }> {
  const started = now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${AUDITOR_KEY}` } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  let firstMs = -1;
  let bytes = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstMs < 0) firstMs = now() - started;
    bytes += chunk.length;
    tail = Buffer.concat([tail, Buffer.from(chunk)]).subarray(-4096);
  }
  return { firstMs, totalMs: now() - started, bytes, last: tail.toString('utf8') };
}

async function waitForCatchUp(origin: string): Promise<void> {
  for (;;) {
    const health = await fetch(`${origin}/health`)
      .then((r) => r.json() as Promise<any>)
      .catch(() => undefined);
    const lags = [...JSON.stringify(health ?? {}).matchAll(/"lagEvents":(\d+)/g)].map((m) => Number(m[1]));
    if (lags.length > 0 && lags.every((lag) => lag === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function measure(events: number, op: 'verify' | 'bundle'): Promise<void> {
  const log = await generatedLog(events);
  const dataDir = makeTempDir(`audit-memory-${op}`);
  copyLogTo(log, join(dataDir));
  const child = fork(join(__dirname, 'audit-memory.child.ts'), [dataDir, AUDITOR_KEY], {
    execArgv: ['-r', '@swc-node/register', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { origin } = await ask(child, '', 'origin');
    await waitForCatchUp(origin!);
    const { rss: before } = await ask(child, 'reset', 'reset');
    const path = op === 'verify' ? '/audit/verify?stream=true' : '/audit/bundle';
    const answer = await drain(`${origin}${path}`);
    const { peak } = await ask(child, 'peak', 'peak');
    const verdict =
      op === 'verify'
        ? JSON.parse(answer.last.trimEnd().split('\n').at(-1)!).ok
          ? 'ok'
          : 'NOT OK'
        : `${formatNumber(answer.bytes / 1e6)} MB`;
    console.log(
      `${formatCount(events).padStart(6)} events  ${op.padEnd(6)}  RSS before ${formatNumber(before! / 2 ** 20)} MiB, peak ${formatNumber(peak! / 2 ** 20)} MiB (+${formatNumber((peak! - before!) / 2 ** 20)} MiB); first byte ${formatNumber(answer.firstMs / 1000)} s, all ${formatNumber(answer.totalMs / 1000)} s; ${verdict}`,
    );
  } finally {
    child.send('stop');
    await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    child.kill();
    removeTempDir(dataDir);
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  for (const events of sizes.length ? sizes : [100_000, 1_000_000]) {
    for (const op of ['verify', 'bundle'] as const) await measure(events, op);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
