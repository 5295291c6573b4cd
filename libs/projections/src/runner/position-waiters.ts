interface Waiter {
  position: bigint;
  settle(reached: boolean): void;
}

/** Read-your-writes: callers wait until the read side has applied a given global position. */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * `reached(position)`: whether the read side has applied `position` (asked now and at every `check`).
   * `behind()`: called when a caller starts waiting, so the read side can look for new events at once.
   */
  constructor(
    private readonly reached: (position: bigint) => boolean,
    private readonly behind: () => void = () => undefined,
  ) {}

  /** Resolves true as soon as the position is reached, false after timeoutMs. */
  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    this.behind();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => waiter.settle(false), Math.max(0, timeoutMs));
      const waiter: Waiter = {
        position,
        settle: (result) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(result);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Called after every change of a checkpoint or of a projection's failed state. */
  check(): void {
    for (const waiter of this.waiters) if (this.reached(waiter.position)) waiter.settle(true);
  }
}
