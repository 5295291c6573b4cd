import { emptySummary, mergeInto, mergeSummaries, type MarketSummary } from './as-of-summary';

/** A run of revisions goes on over gaps shorter than this: fewer runs, a few events more read (and skipped). */
const RUN_GAP = 8;

export type Runs = [from: number, to: number][];

/**
 * A span of the as-of index: one market's events on one basis whose instants (milliseconds) fall from `first`
 * (included) to the next span's first instant (excluded); the last span runs on without end. Spans cut the time
 * line into pieces of about `spanEvents` events each, so that an answer reads at most a span's events from the
 * log.
 */
export interface Span {
  /** The instant of its first event: the key; it never changes. */
  first: number;
  /** The instant of its last event. */
  last: number;
  events: number;
  /** Every event of the market on the basis up to this span's end: this span's and all before. */
  summary: MarketSummary;
  /** The revisions of the span's own events in the market stream. */
  runs: Runs;
}

/** One new event of a market on a basis: its instant and its revision in the market stream. */
export interface PlacedEvent {
  at: number;
  revision: number;
}

export function addRevision(runs: Runs, revision: number): void {
  const last = runs.at(-1);
  if (last !== undefined && revision > last[1] && revision - last[1] < RUN_GAP) last[1] = revision;
  else runs.push([revision, revision]);
}

/**
 * Places a batch's new events of one market and basis in its spans, one at a time in log order, so that a
 * batch leaves the spans exactly as its events applied one by one do. `stored`: the spans from the one holding
 * the batch's earliest instant on, in order (all of them when no span holds it). An event goes to the span that
 * holds its instant; to a new span when its instant comes after the last span's events and that span is full
 * (`spanEvents` or more: a span holds more only when late entries or events of one instant land in it), or when
 * it comes before every span. So all events of an instant are in one span. `summaries`: what the batch adds per
 * instant. Returns every span that changed, with its summary, and the span (its first instant) of each instant.
 */
export function placeEvents(
  stored: readonly Span[],
  events: readonly PlacedEvent[],
  summaries: ReadonlyMap<number, MarketSummary>,
  spanEvents: number,
): { spans: Span[]; spanOf: Map<number, number> } {
  const spans: Placing[] = stored.map((span) => ({
    span: { ...span, runs: span.runs.map(copyRun) },
    own: emptySummary(),
    isNew: false,
  }));
  const spanOf = new Map<number, Placing>();
  for (const { at, revision } of events) {
    let index = lastStartingBy(spans, at);
    if (index < 0) {
      spans.unshift(newSpan(at)); // before every span (stored holds them all then)
      index = 0;
    } else if (
      index === spans.length - 1 &&
      spans[index].span.events >= spanEvents &&
      at > spans[index].span.last
    ) {
      spans.push(newSpan(at));
      index += 1;
    }
    const { span } = spans[index];
    span.events += 1;
    span.last = Math.max(span.last, at);
    addRevision(span.runs, revision);
    spanOf.set(at, spans[index]);
  }
  for (const [at, summary] of summaries) mergeInto(spanOf.get(at)!.own, summary);
  // Summaries are cumulative: each span gets what was added to it and to the spans before it.
  const added = emptySummary();
  let previous: MarketSummary | undefined;
  for (const { span, own, isNew } of spans) {
    span.summary = isNew
      ? mergeSummaries(previous ?? emptySummary(), own)
      : mergeInto(mergeSummaries(span.summary, added), own);
    mergeInto(added, own);
    previous = span.summary;
  }
  return {
    spans: spans.map((entry) => entry.span),
    spanOf: new Map([...spanOf].map(([at, entry]) => [at, entry.span.first])),
  };
}

interface Placing {
  span: Span;
  /** What the batch adds to the span's own events. */
  own: MarketSummary;
  isNew: boolean;
}

/** The index of the last span starting at or before `at` (-1: none); spans are in order of first instant. */
function lastStartingBy(spans: readonly Placing[], at: number): number {
  let [low, high] = [0, spans.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (spans[middle].span.first <= at) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function newSpan(at: number): Placing {
  return {
    span: { first: at, last: at, events: 0, summary: emptySummary(), runs: [] },
    own: emptySummary(),
    isNew: true,
  };
}

const copyRun = (run: [number, number]): [number, number] => [run[0], run[1]];
