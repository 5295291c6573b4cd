import { performance } from 'node:perf_hooks';

/** Milliseconds on a monotonic clock. */
export const now = (): number => performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets pending I/O and timers run (and the previous run's garbage be collected) between runs. */
export async function settle(): Promise<void> {
  await sleep(50);
  global.gc?.();
}
