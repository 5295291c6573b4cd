import { GroupCommitQueue, type Outcome } from './group-commit.queue';

describe('GroupCommitQueue', () => {
  it('hands requests of one event-loop turn to a single commit, in call order', async () => {
    const batches: number[][] = [];
    const queue = new GroupCommitQueue<number, number>((requests) => {
      batches.push(requests);
      return requests.map((request): Outcome<number> => ({ ok: true, value: request * 10 }));
    });
    const first = await Promise.all([queue.enqueue(1), queue.enqueue(2), queue.enqueue(3)]);
    const second = await queue.enqueue(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('settles each request with its own outcome', async () => {
    const queue = new GroupCommitQueue<string, string>((requests) =>
      requests.map((request) =>
        request === 'bad' ? { ok: false, error: new Error(request) } : { ok: true, value: request },
      ),
    );
    const outcomes = await Promise.allSettled([queue.enqueue('a'), queue.enqueue('bad'), queue.enqueue('b')]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: new Error('bad') },
      { status: 'fulfilled', value: 'b' },
    ]);
  });

  it('rejects the whole batch when the commit itself fails', async () => {
    const queue = new GroupCommitQueue<string, string>(() => {
      throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([queue.enqueue('a'), queue.enqueue('b')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('commits on flush() without waiting for the next turn', async () => {
    let commits = 0;
    const queue = new GroupCommitQueue<number, number>((requests) => {
      commits += 1;
      return requests.map((value): Outcome<number> => ({ ok: true, value }));
    });
    const pending = queue.enqueue(1);
    queue.flush();
    expect(commits).toBe(1);
    await expect(pending).resolves.toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toBe(1);
  });
});
