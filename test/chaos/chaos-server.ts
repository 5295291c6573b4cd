import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * The server under test, run as its own process group on one data dir, killed with SIGKILL and started
 * again. Clients ask `url()` for where to send: while the server is down (from just before the kill until
 * the restarted process listens) they wait there instead of spinning on refused connections.
 */
export class ChaosServer {
  private process?: ServerProcess;
  private listening!: Promise<string>;
  private announce!: (url: string) => void;
  /** Which start of the server (0 = the first) listens at each URL it had. */
  private readonly generations = new Map<string, number>();
  kills = 0;
  restarts = 0;
  /** Restarts with the clock stepped back (TRACKER_NOW). */
  clockBackRestarts = 0;

  constructor(
    private readonly env: Record<string, string>,
    /** Runs while the server is down after each kill (the driver notes how far the log got). */
    private readonly afterKill: () => void = () => undefined,
  ) {
    this.down();
  }

  generationOf(url: string): number {
    return this.generations.get(url) ?? -1;
  }

  url(): Promise<string> {
    return this.listening;
  }

  /** Where the server listens now; undefined while it is down. */
  currentUrl(): string | undefined {
    return this.process?.url;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.process = await startServerProcess({ ...this.env, ...extraEnv }, 60_000, { processGroup: true });
    this.generations.set(this.process.url, this.generations.size);
    this.announce(this.process.url);
  }

  /** kill -9 of the whole process group: no shutdown hook, no flush, no answer for what is in flight. */
  async kill(): Promise<void> {
    // Down before the signal, so a client whose request the kill cuts waits for the next server.
    const killed = this.process;
    this.process = undefined;
    this.down();
    await killed?.kill();
    this.kills++;
    this.afterKill();
  }

  async restart(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.start(extraEnv);
    this.restarts++;
    if (extraEnv.TRACKER_NOW) this.clockBackRestarts++;
  }

  async stop(): Promise<void> {
    this.down();
    await this.process?.stop();
    this.process = undefined;
  }

  /** For an interrupted run: no process of ours may outlive it (they are in groups of their own). */
  killNow(): void {
    if (this.process === undefined) return;
    try {
      process.kill(-this.process.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  private down(): void {
    this.listening = new Promise((resolve) => (this.announce = resolve));
  }
}
