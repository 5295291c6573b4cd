import { WakeSignal } from './wake-signal';

const never = new Promise<never>(() => undefined);

describe('WakeSignal', () => {
  it('ends every wait under way when notified', async () => {
    const wake = new WakeSignal();
    const waits = [wake.race(never), wake.wait(), wake.sleep(60_000)];
    wake.notify();
    expect(await Promise.all(waits)).toEqual([undefined, undefined, undefined]);
  });

  it('gives the work its result when it comes first', async () => {
    expect(await new WakeSignal().race(Promise.resolve(42))).toBe(42);
  });

  it('does not miss a notification made between a mark and the wait', async () => {
    const wake = new WakeSignal();
    const mark = wake.mark();
    wake.notify(); // e.g. during the asynchronous set-up of a subscription
    expect(await wake.race(never, mark)).toBeUndefined();
  });

  it('lets later waits wait again', async () => {
    const wake = new WakeSignal();
    wake.notify();
    const later = wake.race(new Promise((resolve) => setTimeout(resolve, 10, 'work')));
    expect(await later).toBe('work');
  });
});
