import { emptySummary, type MarketSummary } from './as-of-summary';
import { placeEvents, type PlacedEvent, type Span } from './as-of-spans';

/** A summary that only counts: n[0] holds the number of events it covers. */
const counted = (events: number): MarketSummary => ({ ...emptySummary(), n: [events, 0, 0, 0, 0, 0, 0] });

/** Places events given as instants (revisions 0, 1, ... after `fromRevision`), each instant's summary counting them. */
function place(stored: Span[], instants: number[], spanEvents = 3, fromRevision = 0) {
  const events: PlacedEvent[] = instants.map((at, i) => ({ at, revision: fromRevision + i }));
  const summaries = new Map<number, MarketSummary>();
  for (const at of instants) summaries.set(at, counted((summaries.get(at)?.n[0] ?? 0) + 1));
  return placeEvents(stored, events, summaries, spanEvents);
}

const shape = (spans: Span[]) =>
  spans.map(({ first, last, events, summary, runs }) => ({ first, last, events, upTo: summary.n[0], runs }));

describe('placeEvents', () => {
  it('fills the last span up to the span size, then starts a new one at the next instant', () => {
    const { spans, spanOf } = place([], [10, 10, 11, 12, 12, 13]);
    expect(shape(spans)).toEqual([
      { first: 10, last: 11, events: 3, upTo: 3, runs: [[0, 2]] },
      { first: 12, last: 13, events: 3, upTo: 6, runs: [[3, 5]] },
    ]);
    expect([...spanOf]).toEqual([
      [10, 10],
      [11, 10],
      [12, 12],
      [13, 12],
    ]);
  });

  it('keeps every event of one instant in one span, even past the span size', () => {
    const { spans } = place([], [5, 5, 5, 5, 5, 6]);
    expect(shape(spans)).toEqual([
      { first: 5, last: 5, events: 5, upTo: 5, runs: [[0, 4]] },
      { first: 6, last: 6, events: 1, upTo: 6, runs: [[5, 5]] },
    ]);
  });

  it('puts a late entry in the span holding its instant and adds it to every later span', () => {
    const stored = place([], [10, 11, 12, 20, 21, 22, 30]).spans;
    expect(stored.map((s) => s.first)).toEqual([10, 20, 30]);
    const { spans, spanOf } = place(stored.slice(0), [15], 3, 7);
    expect(shape(spans)).toEqual([
      { first: 10, last: 15, events: 4, upTo: 4, runs: [[0, 7]] }, // a short gap in the revisions: one run
      { first: 20, last: 22, events: 3, upTo: 7, runs: [[3, 5]] },
      { first: 30, last: 30, events: 1, upTo: 8, runs: [[6, 6]] },
    ]);
    expect(spanOf.get(15)).toBe(10);
  });

  it('starts a span before every other one for an event earlier than all', () => {
    const stored = place([], [10, 11]).spans;
    const { spans } = place(stored, [3, 4], 3, 2);
    expect(shape(spans)).toEqual([
      { first: 3, last: 4, events: 2, upTo: 2, runs: [[2, 3]] },
      { first: 10, last: 11, events: 2, upTo: 4, runs: [[0, 1]] },
    ]);
  });

  it('places in log order: a batch leaves the spans as its events placed one at a time do', () => {
    const instants = [10, 12, 11, 14, 9, 16, 16, 15, 30, 2, 31, 13];
    const batched = place([], instants).spans;
    let oneByOne: Span[] = [];
    instants.forEach((at, i) => {
      const stored = oneByOne.filter((_, j) => j + 1 >= oneByOne.length || oneByOne[j + 1].first > at);
      const changed = place(stored, [at], 3, i).spans;
      oneByOne = [...oneByOne.filter((s) => !changed.some((c) => c.first === s.first)), ...changed].sort(
        (a, b) => a.first - b.first,
      );
    });
    expect(shape(batched)).toEqual(shape(oneByOne));
    expect(batched.at(-1)!.summary.n[0]).toBe(instants.length);
  });
});
