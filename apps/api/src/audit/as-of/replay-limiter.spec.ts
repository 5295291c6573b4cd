import { ReplayLimiter } from './replay-limiter';
import { ReplaysBusyError } from './replays-busy.error';

/** A task that ends when the test says so, recording when it started. */
function task(name: string, started: string[]) {
  let finish: () => void = () => undefined;
  const ended = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return {
    run: () => {
      started.push(name);
      return ended;
    },
    finish: () => finish(),
  };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReplayLimiter', () => {
  describe('with 1 slot and a queue of 2', () => {
    it('runs one task at a time, the waiting ones in arrival order', async () => {
      const limiter = new ReplayLimiter(1, 2);
      const started: string[] = [];
      const [a, b, c] = ['a', 'b', 'c'].map((name) => task(name, started));
      const answers = [limiter.run(a.run), limiter.run(b.run), limiter.run(c.run)];
      await settle();
      expect(started).toEqual(['a']);
      expect([limiter.running, limiter.queued]).toEqual([1, 2]);
      a.finish();
      await settle();
      expect(started).toEqual(['a', 'b']);
      b.finish();
      c.finish();
      expect(await Promise.all(answers)).toEqual(['a', 'b', 'c']);
      expect([limiter.running, limiter.queued]).toEqual([0, 0]);
    });

    it('refuses a task beyond the queue at once, saying how busy it is and when to come back', async () => {
      const limiter = new ReplayLimiter(1, 2);
      const started: string[] = [];
      const tasks = ['a', 'b', 'c', 'd'].map((name) => task(name, started));
      const accepted = tasks.slice(0, 3).map((t) => limiter.run(t.run));
      const refused = limiter.run(tasks[3].run);
      await expect(refused).rejects.toBeInstanceOf(ReplaysBusyError);
      await expect(refused).rejects.toMatchObject({
        status: 503,
        code: 'replays_busy',
        details: { running: 1, queued: 2, retryAfterSeconds: 1 },
      });
      expect(started).not.toContain('d');
      tasks.forEach((t) => t.finish());
      await Promise.all(accepted);
    });

    it('takes new tasks again once the queue has room', async () => {
      const limiter = new ReplayLimiter(1, 0);
      const started: string[] = [];
      const a = task('a', started);
      const first = limiter.run(a.run);
      await expect(limiter.run(async () => 'refused')).rejects.toBeInstanceOf(ReplaysBusyError);
      a.finish();
      await first;
      expect(await limiter.run(async () => 'accepted')).toBe('accepted');
    });

    it('frees the slot of a task that failed', async () => {
      const limiter = new ReplayLimiter(1, 0);
      await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(limiter.running).toBe(0);
      expect(await limiter.run(async () => 'next')).toBe('next');
    });
  });

  it('runs up to its concurrency at once', async () => {
    const limiter = new ReplayLimiter(2, 1);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => task(name, started));
    const answers = tasks.map((t) => limiter.run(t.run));
    await settle();
    expect(started).toEqual(['a', 'b']);
    tasks[1].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(limiter.running).toBe(2);
    tasks[0].finish();
    tasks[2].finish();
    await Promise.all(answers);
    expect(limiter.running).toBe(0);
  });
});
