import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import { profileArgs } from '../support/child';
import { formatCount, formatNumber } from '../support/table';
import { now } from '../support/timing';

/**
 * Peak RSS of the API process (audit-memory.child.ts) over GET /audit/verify (streamed, NDJSON) and GET
 * /audit/bundle (the tar drained, not kept), for audit-memory.main.ts and the scale part.
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

export interface AuditMemoryFigure {
  op: 'verify' | 'bundle';
  /** RSS once the server had started and caught up (the peak mark reset there), bytes. */
  before: number;
  /** Peak RSS over the operation, bytes. */
  peak: number;
  firstMs: number;
  totalMs: number;
  bytes: number;
  /** 'ok' for a verification that passed, else what it said; the bundle's size. */
  verdict: string;
}

/**
 * Measures each of `ops` on an API process of its own on `dataDir` (a copy of a log, read models already
 * built or not: the process catches up first), its peak mark reset once it has caught up: what an operation
 * left in the heap does not count against the next.
 */
export async function measureAuditMemory(
  dataDir: string,
  ops: readonly AuditMemoryFigure['op'][],
  label: string,
): Promise<AuditMemoryFigure[]> {
  const figures: AuditMemoryFigure[] = [];
  for (const op of ops) figures.push(await measureOne(dataDir, op, `${label}-${op}`));
  return figures;
}

async function measureOne(
  dataDir: string,
  op: AuditMemoryFigure['op'],
  label: string,
): Promise<AuditMemoryFigure> {
  const child = fork(join(__dirname, `audit-memory.child${extname(__filename)}`), [dataDir, AUDITOR_KEY], {
    execArgv: ['-r', '@swc-node/register', '--expose-gc', ...profileArgs(label)],
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
    return { op, before: before!, peak: peak!, ...answer, verdict };
  } finally {
    child.send('stop');
    await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    child.kill();
  }
}

export const describeAuditMemory = (events: number, figure: AuditMemoryFigure): string =>
  `${formatCount(events).padStart(10)} events  ${figure.op.padEnd(6)}  RSS before ${formatNumber(figure.before / 2 ** 20)} MiB, ` +
  `peak ${formatNumber(figure.peak / 2 ** 20)} MiB (+${formatNumber((figure.peak - figure.before) / 2 ** 20)} MiB); ` +
  `first byte ${formatNumber(figure.firstMs / 1000)} s, all ${formatNumber(figure.totalMs / 1000)} s; ${figure.verdict}`;
