import { fork, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AS_OF, TARGET_PROGRAM } from '../support/event-generator';
import type { Figure } from '../support/figures';
import { copyLogTo, generatedLog, type GeneratedLog } from '../support/generated-logs';
import { durabilityLabel, type BenchOptions } from '../support/options';
import { formatCount, formatNumber } from '../support/table';
import { makeTempDir, removeTempDir } from '../support/temp-dirs';
import { sleep } from '../support/timing';
import { OPERATOR_KEY, VIEWER_KEY, waitForReadModels } from './read-api.server';
import type { FanoutServerMessage, FanoutServerRequest } from './sse-fanout.server';
import type { FanoutCounts, FanoutWorkerReply, FanoutWorkerRequest } from './sse-fanout.worker';

/**
 * SSE fan-out: the real API (in a process of its own) on the generated log, `streams` screens following the
 * target program (in a worker thread of the bench), and steps POSTed one at a time, far enough apart to be one
 * update each. Measured: the server's CPU time per update (process.cpuUsage) and the bytes each stream receives
 * per update, when streams get only what changed (`progress-changes`) and when every event is the whole view
 * (SSE_FULL_VIEWS=1, the protocol before); a run with one stream gives what a step and its update cost by
 * themselves (the step, the view's computation and comparison, once per update), hence what each stream adds.
 * Each on the program as generated, and again with markets enrolled to make it a large program.
 */

/**
 * `markets`: the target program as generated (7 markets, a view of about 7 kB), then with markets enrolled
 * through the API up to this many (600: a large program, a view of about 0.45 MB; 300 in a quick run);
 * `largeSteps` for the latter.
 */
const FULL = { events: 10_000, streams: 200, warmup: 10, steps: 100, markets: 600, largeSteps: 30 };
const QUICK = { events: 10_000, streams: 200, warmup: 5, steps: 20, markets: 300, largeSteps: 10 };
/** A market of the target program still migrating, with room in its scope. */
const MARKET = 'HK';
/** Longer than the stream's 50 ms coalescing window: each step is an update of its own. */
const SPACING_MS = 150;
const TIMEOUT_MS = 60_000;
const ENROL_AT_ONCE = 20;

/** `one stream`: only what changed, to one stream: the cost of a step and of its update by themselves. */
type Mode = 'one stream' | 'changes' | 'full views';

interface RunResult {
  mode: Mode;
  markets: number;
  steps: number;
  /** Live events each stream received for the measured steps (mean); 0 without streams. */
  updatesPerStream: number;
  cpuMs: number;
  bytesPerUpdatePerStream: number;
  openingBytes: number;
}

class ServerChild {
  private readonly replies: FanoutServerMessage[] = [];
  private waiter?: () => void;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FanoutServerMessage) => {
      this.replies.push(message);
      this.waiter?.();
    });
  }

  async next<T extends FanoutServerMessage['type']>(
    type: T,
  ): Promise<Extract<FanoutServerMessage, { type: T }>> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const found = this.replies.findIndex((m) => m.type === type || m.type === 'failed');
      if (found >= 0) {
        const [message] = this.replies.splice(found, 1);
        if (message.type === 'failed') throw new Error(`API child: ${message.error}`);
        return message as Extract<FanoutServerMessage, { type: T }>;
      }
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`API child: no ${type}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  async cpuMs(): Promise<number> {
    this.child.send({ type: 'cpu' });
    const { userMicros, systemMicros } = await this.next('cpu');
    return (userMicros + systemMicros) / 1000;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'close' });
    await Promise.race([exited, sleep(10_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function startServer(request: FanoutServerRequest): ServerChild {
  const execArgv = process.execArgv.includes('@swc-node/register')
    ? [...process.execArgv]
    : [...process.execArgv, '-r', '@swc-node/register'];
  const script = join(__dirname, `sse-fanout.server${extname(__filename)}`);
  return new ServerChild(
    fork(script, [JSON.stringify(request)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
}

class Screens {
  private readonly worker = new Worker(join(__dirname, `sse-fanout.worker${extname(__filename)}`));

  ask<T extends FanoutWorkerReply['type']>(
    request: FanoutWorkerRequest,
    type: T,
  ): Promise<Extract<FanoutWorkerReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (reply: FanoutWorkerReply) => {
        if (reply.type === type) resolve(reply as Extract<FanoutWorkerReply, { type: T }>);
        else reject(new Error(`SSE screens: ${reply.type === 'failed' ? reply.error : reply.type}`));
      });
      this.worker.once('error', reject);
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies FanoutWorkerRequest);
    await sleep(50);
    await this.worker.terminate();
  }
}

/** Two-letter codes not taken yet, enrolled until the program has `markets` markets. */
async function enrolMarkets(origin: string, markets: number): Promise<number> {
  const headers = { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };
  const progress = (await (
    await fetch(`${origin}/programs/${TARGET_PROGRAM}/progress`, { headers })
  ).json()) as { markets: Array<{ market: string }> };
  const taken = new Set(progress.markets.map((m) => m.market));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes = [...letters]
    .flatMap((a) => [...letters].map((b) => a + b))
    .filter((code) => !taken.has(code));
  const wanted = codes.slice(0, Math.max(0, markets - taken.size));
  let position = 0;
  // A few at a time: set-up, not measured.
  for (let at = 0; at < wanted.length; at += ENROL_AT_ONCE) {
    const answers = await Promise.all(
      wanted.slice(at, at + ENROL_AT_ONCE).map(async (market) => {
        const answer = await fetch(`${origin}/programs/${TARGET_PROGRAM}/markets`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ market, targetRegion: 'us-east', usersInScope: 1_000_000 }),
        });
        return { status: answer.status, body: (await answer.json()) as { position?: number } };
      }),
    );
    for (const { status, body } of answers) {
      if (status !== 201 || typeof body.position !== 'number')
        throw new Error(`POST markets answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
      position = Math.max(position, body.position);
    }
  }
  return position;
}

/** Posts `count` steps (copied / verified of fresh batches, alternating), one at a time; the last position. */
async function postSteps(origin: string, first: number, count: number): Promise<number> {
  let position = 0;
  for (let step = first; step < first + count; step++) {
    const batch = `FAN-${String(Math.floor(step / 2)).padStart(5, '0')}`;
    const copied = step % 2 === 0;
    const answer = await fetch(
      `${origin}/programs/${TARGET_PROGRAM}/markets/${MARKET}/batches/${batch}/${copied ? 'copied' : 'verified'}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(copied ? { users: 10 } : {}),
      },
    );
    const body = (await answer.json()) as { position?: number };
    if (answer.status !== 201 || typeof body.position !== 'number')
      throw new Error(`POST answered ${answer.status}: ${JSON.stringify(body).slice(0, 300)}`);
    position = body.position;
    await sleep(SPACING_MS);
  }
  return position;
}

async function run(
  mode: Mode,
  log: GeneratedLog,
  options: BenchOptions,
  budget: typeof FULL,
  markets: number,
  steps: number,
): Promise<RunResult> {
  const dir = makeTempDir('sse-fanout');
  const streams = mode === 'one stream' ? 1 : budget.streams;
  let server: ServerChild | undefined;
  let screens: Screens | undefined;
  try {
    copyLogTo(log, dir);
    server = startServer({
      dataDir: dir,
      durability: options.durability,
      asOf: AS_OF,
      streams,
      fullViews: mode === 'full views',
    });
    const { origin } = await server.next('listening');
    await waitForReadModels(origin, `/programs/${TARGET_PROGRAM}/progress`, log.head, TIMEOUT_MS);
    const enrolled = await enrolMarkets(origin, markets);
    if (enrolled > 0)
      await waitForReadModels(origin, `/programs/${TARGET_PROGRAM}/progress`, BigInt(enrolled), TIMEOUT_MS);
    let opened: FanoutCounts & { openingBytes: number } = {
      bytes: 0,
      events: 0,
      changes: 0,
      openingBytes: 0,
    };
    if (streams > 0) {
      screens = new Screens();
      const url = `${origin}/programs/${TARGET_PROGRAM}/stream`;
      opened = await screens.ask(
        { type: 'open', url, key: VIEWER_KEY, streams, timeoutMs: TIMEOUT_MS },
        'opened',
      );
    }
    const warm = await postSteps(origin, 0, budget.warmup);
    const before = screens
      ? await screens.ask({ type: 'wait', position: warm, timeoutMs: TIMEOUT_MS }, 'reached')
      : opened;
    const cpuBefore = await server.cpuMs();
    const last = await postSteps(origin, budget.warmup, steps);
    const after = screens
      ? await screens.ask({ type: 'wait', position: last, timeoutMs: TIMEOUT_MS }, 'reached')
      : opened;
    const cpuMs = (await server.cpuMs()) - cpuBefore;
    const updatesPerStream = streams > 0 ? (after.events - before.events) / streams : 0;
    return {
      mode,
      markets,
      steps,
      updatesPerStream,
      cpuMs,
      bytesPerUpdatePerStream: streams > 0 ? (after.bytes - before.bytes) / streams / updatesPerStream : 0,
      openingBytes: opened.openingBytes,
    };
  } finally {
    await screens?.close();
    await server?.close();
    removeTempDir(dir);
  }
}

export async function sseFanoutBench(options: BenchOptions): Promise<Figure[]> {
  const budget = options.quick ? QUICK : FULL;
  const durability = `${durabilityLabel(options.durability)} (log), NORMAL (read side)`;
  console.log(
    `\n== sse-fanout: server CPU and bytes per live update, ${budget.streams} streams of one program: ` +
      `only what changed vs whole views (${durability})`,
  );
  const log = await generatedLog(budget.events);
  console.log(
    `   API in a child process on the ${formatCount(log.events)}-event log; screens in a worker thread; ` +
      `${budget.warmup} warm-up + ${budget.steps} steps to ${TARGET_PROGRAM}/${MARKET}, ${SPACING_MS} ms apart`,
  );
  const generated = await measureSize(log, options, budget, 0, budget.steps, durability);
  const large = await measureSize(log, options, budget, budget.markets, budget.largeSteps, durability);
  return [...generated, ...large];
}

/** The three runs on the program with `markets` markets (0: as generated), and their figures. */
async function measureSize(
  log: GeneratedLog,
  options: BenchOptions,
  budget: typeof FULL,
  markets: number,
  steps: number,
  durability: string,
): Promise<Figure[]> {
  const results: RunResult[] = [];
  for (const mode of ['one stream', 'changes', 'full views'] as const) {
    const result = await run(mode, log, options, budget, markets, steps);
    results.push(result);
    console.log(
      `   ${markets ? `${markets} markets` : 'as generated'}, ${mode.padEnd(10)}: ` +
        `${formatNumber(result.cpuMs / steps)} ms CPU per step` +
        (result.updatesPerStream
          ? `, ${formatNumber(result.updatesPerStream)} updates per stream, ` +
            `${formatNumber(result.bytesPerUpdatePerStream)} bytes per update per stream ` +
            `(opening view ${formatNumber(result.openingBytes)} bytes)`
          : ''),
    );
  }
  const [one, changes, full] = results;
  const perUpdate = (r: RunResult) => r.cpuMs / r.updatesPerStream;
  /**
   * What each stream beyond the first adds to an update: the step, the view's computation and comparison are
   * done once per update, whatever the number of streams (the one-stream run pays them too).
   */
  const perStreamMs = (r: RunResult) => (perUpdate(r) - perUpdate(one)) / (budget.streams - 1);
  const microsPerStream = perStreamMs(changes) * 1000;
  const fixedMs = perUpdate(one);
  const screensAtOnePerSecond = Math.floor((1000 - fixedMs) / perStreamMs(changes));
  console.log(
    `   per update: ${formatNumber(fixedMs)} ms for the step and the view (one stream), then per stream ` +
      `${formatNumber(microsPerStream)} µs with changes, ${formatNumber(perStreamMs(full) * 1000)} µs with whole ` +
      `views (${formatNumber(perStreamMs(full) / perStreamMs(changes))}x): one core feeds about ` +
      `${formatCount(screensAtOnePerSecond)} screens one update a second, or ${formatCount(budget.streams)} ` +
      `screens ${formatNumber(1000 / (fixedMs + budget.streams * perStreamMs(changes)))} updates a second`,
  );
  const size = `${budget.streams} streams, ${markets || 7} markets`;
  const figure = (name: string, unit: string, baseline: number, candidate: number): Figure => ({
    part: 'sse-fanout',
    name: `${name} (${size}): changes vs whole views`,
    durability,
    unit,
    baseline,
    candidate,
    ratio: candidate / baseline,
  });
  return [
    figure('server CPU per update', 'ms', perUpdate(full), perUpdate(changes)),
    figure(
      'server CPU per update per stream beyond the first',
      'µs',
      perStreamMs(full) * 1000,
      microsPerStream,
    ),
    figure(
      'bytes per update per stream',
      'bytes',
      full.bytesPerUpdatePerStream,
      changes.bytesPerUpdatePerStream,
    ),
  ];
}
