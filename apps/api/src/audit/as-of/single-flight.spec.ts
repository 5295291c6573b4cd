import { SingleFlight } from './single-flight';

/** A computation that ends when the test says so, counting how often it was started. */
function gate<T>() {
  let open: (value: T) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<T>((resolve, reject) => ([open, fail] = [resolve, reject]));
  const compute = jest.fn(() => done);
  return { compute, open: (value: T) => open(value), fail: (error: Error) => fail(error) };
}

describe('SingleFlight', () => {
  it('gives identical requests in flight one computation and the same answer', async () => {
    const flights = new SingleFlight<string>();
    const work = gate<string>();
    const first = flights.run('k', work.compute);
    expect(flights.has('k')).toBe(true);
    const second = flights.run('k', work.compute);
    work.open('answer');
    expect(await Promise.all([first, second])).toEqual(['answer', 'answer']);
    expect(work.compute).toHaveBeenCalledTimes(1);
  });

  it('computes different keys separately', async () => {
    const flights = new SingleFlight<string>();
    const [a, b] = [gate<string>(), gate<string>()];
    const answers = Promise.all([flights.run('a', a.compute), flights.run('b', b.compute)]);
    a.open('A');
    b.open('B');
    expect(await answers).toEqual(['A', 'B']);
  });

  it('computes again once the flight has landed', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    await flights.run('k', async () => ++runs);
    expect(flights.has('k')).toBe(false);
    expect(await flights.run('k', async () => ++runs)).toBe(2);
  });

  it('shares a failure with everyone waiting, then lets the key be tried again', async () => {
    const flights = new SingleFlight<string>();
    const work = gate<string>();
    const waiting = [flights.run('k', work.compute), flights.run('k', work.compute)];
    work.fail(new Error('replay failed'));
    for (const answer of waiting) await expect(answer).rejects.toThrow('replay failed');
    expect(await flights.run('k', async () => 'second try')).toBe('second try');
  });

  it('frees the key even when the computation throws before it is a promise', async () => {
    const flights = new SingleFlight<string>();
    await expect(
      flights.run('k', () => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    expect(flights.has('k')).toBe(false);
  });
});
