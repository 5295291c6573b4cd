/**
 * Where the read side stands for a wait: `reached` (applied), `behind` (not yet), or `stopped` (it never will
 * without an operator: the wait ends at once, unsuccessful).
 */
export type Reach = 'reached' | 'behind' | 'stopped';

/** Asked now and at every `check`: where the read side (or one projection of it) stands for `position`. */
export type ReachOf = (position: bigint) => Reach;

interface Waiter {
  position: bigint;
  reach: ReachOf;
  settle(reached: boolean): void;
}

/** Read-your-writes: callers wait until the read side has applied a given global position. */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** `behind()`: called when a caller starts waiting, so the read side can look for new events at once. */
  constructor(private readonly behind: () => void = () => undefined) {}

  /** Resolves true as soon as `reach` says reached, false when it says stopped or after timeoutMs. */
  wait(position: bigint, timeoutMs: number, reach: ReachOf): Promise<boolean> {
    const now = reach(position);
    if (now !== 'behind') return Promise.resolve(now === 'reached');
    this.behind();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => waiter.settle(false), Math.max(0, timeoutMs));
      const waiter: Waiter = {
        position,
        reach,
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
    for (const waiter of this.waiters) {
      const reach = waiter.reach(waiter.position);
      if (reach !== 'behind') waiter.settle(reach === 'reached');
    }
  }
}
