import { KeyedMutex } from './keyed-mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Runs one task per [key, name] through one mutex, all at once; each logs its start and, a tick later, its end. */
async function runTasks(tasks: Array<[key: string, name: string]>): Promise<string[]> {
  const mutex = new KeyedMutex();
  const log: string[] = [];
  await Promise.all(
    tasks.map(([key, name]) =>
      mutex.run(key, async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
      }),
    ),
  );
  return log;
}

describe('KeyedMutex', () => {
  it('runs tasks of one key one after the other, in arrival order', async () => {
    const log = await runTasks([
      ['a', '1'],
      ['a', '2'],
    ]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('lets different keys interleave', async () => {
    const log = await runTasks([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('goes on with the next task after one fails', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.run('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
