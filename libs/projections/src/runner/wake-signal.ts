/**
 * Interrupts the runner's waits (for new events, or before retrying after an error) when there is something
 * else to do: stop, rebuild, retry, skip. Every wait under way when `notify` is called ends; the runner checks
 * its requests before waiting, so one made while it was busy is never missed. Each wait registers itself and
 * leaves when it ends, so a long run of waits leaves nothing behind.
 */
export class WakeSignal {
  private readonly sleepers = new Set<() => void>();
  private notifications = 0;

  /** Taken before some asynchronous set-up: a `race` given it ends at once if notified in between. */
  mark(): number {
    return this.notifications;
  }

  notify(): void {
    this.notifications += 1;
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const wake of sleepers) wake();
  }

  /** `work`'s result, or undefined as soon as notified (or at once if notified since `mark`). */
  async race<T>(work: Promise<T>, mark = this.notifications): Promise<T | undefined> {
    if (mark !== this.notifications) return undefined;
    let wake: (() => void) | undefined;
    const woken = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));
    const sleeper = () => wake?.();
    this.sleepers.add(sleeper);
    try {
      return await Promise.race([work, woken]);
    } finally {
      this.sleepers.delete(sleeper);
    }
  }

  /** Until notified. */
  async wait(): Promise<void> {
    await this.race(new Promise<never>(() => undefined));
  }

  /** Waits `ms`, or less when notified. */
  async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.race(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
    } finally {
      clearTimeout(timer);
    }
  }
}
