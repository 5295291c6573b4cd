import { stringifyInSlices } from './json-in-slices';

describe('stringifyInSlices', () => {
  it('writes exactly what JSON.stringify writes', async () => {
    const values: unknown[] = [
      null,
      'text "quoted" \u2028',
      42,
      [],
      {},
      { a: 1, skipped: undefined, f: () => 1, nested: { list: [1, 'two', null, undefined, { x: [] }] } },
      [
        [1, [2, [3]]],
        { at: new Date('2014-06-01T00:00:00Z') },
        Object.assign(Object.create(null), { n: [1] }),
      ],
      { markets: [{ market: 'IN', changes: { 'a.b': { from: 1, to: 2 } }, events: [{ position: 1 }] }] },
    ];
    for (const value of values) expect(await stringifyInSlices(value)).toBe(JSON.stringify(value));
  });

  it('lets other work run while it writes a long list', async () => {
    const view = {
      markets: [{ market: 'IN', events: Array.from({ length: 5_000 }, (_, i) => ({ position: i })) }],
    };
    // Other work: a callback that queues itself again on every turn of the event loop.
    let [turns, writing] = [0, true];
    const other = () => writing && (turns++, setImmediate(other));
    setImmediate(other);
    const text = await stringifyInSlices(view);
    writing = false;
    expect(turns).toBeGreaterThanOrEqual(9); // a turn every 500 items
    expect(text).toBe(JSON.stringify(view));
  });
});
