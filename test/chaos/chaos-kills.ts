import { existsSync, watch } from 'node:fs';
import type { SeededRandom } from './chaos-random';
import type { ChaosServer } from './chaos-server';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY_MS = 86_400_000;

export interface KillPlan {
  kills: number;
  /** First attempts of the clients' steps the run will send at least (one per step). */
  plannedSends: number;
  /** Sends between a restart and the next kill, at least: every kill lands on a server under load. */
  minGap: number;
  /** Every other restart sets TRACKER_NOW a day before the real time: the clock steps back across the crash. */
  clockBack: boolean;
  /** The event store's write-ahead log (`events.sqlite-wal`): a write to it is an append being committed. */
  walFile: string;
  /** The share of kills sent at such a write. */
  atAppend: number;
}

/** Waiting for an append longer than this (an idle server) falls back to killing at once. */
const APPEND_WAIT_MS = 2_000;

/**
 * Kills the server at random moments under load: the k-th kill comes once the clients' first sends reach
 * a point drawn at random in the k-th of `kills` equal slices of the run (10 % to 85 % of it), then either
 * after a random 0-25 ms, landing anywhere among the requests in flight, or (the share `atAppend`, drawn) at the
 * next write to the event store's WAL: an append is being committed, and its answer is not yet kept, the
 * narrow window where a retry must find what its first attempt wrote. Each kill is followed at once by a
 * restart on the same data dir. The points are counted in sends, not in time, so a slow machine sees the
 * same plan.
 */
export class KillScheduler {
  private sends = 0;
  private readonly waiters: { at: number; resolve: (reached: boolean) => void }[] = [];
  private finished = false;
  private clockShifted = false;
  /** Kills sent at the moment an append reached the WAL. */
  afterAppend = 0;

  constructor(
    private readonly server: ChaosServer,
    private readonly random: SeededRandom,
    private readonly plan: KillPlan,
  ) {}

  /** A client's step was sent for the first time. */
  sent(): void {
    this.sends++;
    for (const waiter of [...this.waiters]) {
      if (waiter.at > this.sends) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(true);
    }
  }

  async run(): Promise<void> {
    const { kills, plannedSends, minGap } = this.plan;
    const from = 0.1 * plannedSends;
    const slice = (0.85 * plannedSends - from) / Math.max(1, kills);
    let restartedAt = 0;
    const atAppend = this.atAppendKills();
    for (let k = 0; k < kills; k++) {
      const drawn = Math.round(from + slice * (k + this.random.next()));
      if (!(await this.reach(Math.max(drawn, restartedAt + minGap)))) break;
      if (atAppend.has(k) && (await this.nextAppend())) this.afterAppend++;
      else await pause(this.random.int(0, 25));
      await this.server.kill();
      // Every other restart steps the clock back, except the last: the checks compare read models at real "now".
      const back = this.plan.clockBack && k % 2 === 0 && k < kills - 1;
      await this.restart(back);
      restartedAt = this.sends;
    }
  }

  /** The clients are done: stop waiting; a server left on a shifted clock is restarted on the real one. */
  async finish(running: Promise<void>): Promise<void> {
    this.finished = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    await running;
    if (this.clockShifted) {
      await this.server.kill();
      await this.restart(false);
    }
  }

  private async restart(clockBack: boolean): Promise<void> {
    const env: Record<string, string> = clockBack
      ? { TRACKER_NOW: new Date(Date.now() - DAY_MS).toISOString() }
      : {};
    await this.server.restart(env);
    this.clockShifted = clockBack;
  }

  /** Which kills wait for an append: round(kills x atAppend) of them, drawn at random. */
  private atAppendKills(): Set<number> {
    const order = Array.from({ length: this.plan.kills }, (_, k) => ({ k, key: this.random.next() }));
    order.sort((a, b) => a.key - b.key);
    return new Set(order.slice(0, Math.round(this.plan.kills * this.plan.atAppend)).map(({ k }) => k));
  }

  /** Resolves at the next write to the WAL (true), or false when there is none to watch or none comes. */
  private nextAppend(): Promise<boolean> {
    const file = this.plan.walFile;
    if (!existsSync(file)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const watcher = watch(file, () => done(true));
      const timer = setTimeout(() => done(false), APPEND_WAIT_MS);
      const done = (written: boolean) => {
        clearTimeout(timer);
        watcher.close();
        resolve(written);
      };
    });
  }

  private reach(at: number): Promise<boolean> {
    if (this.finished) return Promise.resolve(false);
    if (this.sends >= at) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push({ at, resolve }));
  }
}
