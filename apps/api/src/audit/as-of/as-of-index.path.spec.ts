import fc from 'fast-check';
import { knownAt, MemoryEventLog, replayReadModels, type AsOfBasis, type Replay } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import {
  createAsOfIndexProjection,
  ProgressCalculator,
  ProgressService,
  ReadModels,
  readModelProjections,
  type ProgressReads,
} from '@app/projections';
import type { MarketWriter } from '../../write/market-writer';
import { AsOfIndexPath, type IndexMiss } from './as-of-index.path';
import type { AsOfMetrics } from './as-of.metrics';
import { ProgramEventsReader, type ProgramHead } from './program-events.reader';
import { PROGRAM, randomTrackerLog, type LogShape } from './testing/random-tracker-log';

const HOUR = 3_600_000;
const BASES: AsOfBasis[] = ['recorded', 'occurred'];
const PROGRESS_MODELS = readModelProjections.filter((p) =>
  ['programs', 'market-progress', 'market-daily'].includes(p.name),
);

/** Every read model, with the index's spans small (4 events): many spans, full ones, late entries in old ones. */
const LIVE_MODELS = readModelProjections.map((p) =>
  p.name === 'as-of-index' ? createAsOfIndexProjection(4) : p,
);

/** The live side of a log: every read model (the as-of index too) built from it, and the index path on it. */
interface Live {
  replay: Replay;
  path: AsOfIndexPath;
  head: ProgramHead;
  outcomes: (IndexMiss | 'index')[];
}

async function live(events: RecordedEvent[], batchSize: number): Promise<Live> {
  const replay = await replayReadModels(events, LIVE_MODELS, batchSize);
  const markets = { requireProgram: async () => undefined } as unknown as MarketWriter;
  const reader = new ProgramEventsReader(new MemoryEventLog(events), new ReadModels(replay.runner), markets);
  const outcomes: Live['outcomes'] = [];
  const metrics = {
    indexed: (outcome: IndexMiss | 'index') => outcomes.push(outcome),
  } as unknown as AsOfMetrics;
  const path = new AsOfIndexPath(replay.runner, reader, metrics);
  return { replay, path, head: await reader.head(PROGRAM), outcomes };
}

/** Everything progress answers from some read models at an instant: views, or the error each gives. */
function answers(reads: ProgressReads, markets: string[], instant: Date) {
  const progress = new ProgressService(
    reads,
    new ProgressCalculator({ staleAfterMs: 6 * HOUR }),
    () => instant,
  );
  const attempt = <T>(get: () => T) => {
    try {
      return get();
    } catch (error) {
      return { error: (error as Error).name };
    }
  };
  return {
    program: attempt(() => progress.programProgress(PROGRAM)),
    markets: markets.map((market) => attempt(() => progress.market(PROGRAM, market))),
    // Progress reads a market's days only when the market is enrolled (a row): so are they compared.
    rows: markets.map((market) => {
      const row = reads.market(PROGRAM, market);
      return [row, row && reads.daily(PROGRAM, market)];
    }),
  };
}

/** The reference: the events known at the instant replayed through the live projections. */
async function replayed(events: RecordedEvent[], instant: Date, basis: AsOfBasis, markets: string[]) {
  const replay = await replayReadModels(
    events.filter((event) => knownAt(event, instant, basis)),
    PROGRESS_MODELS,
  );
  try {
    return answers(new ReadModels(replay.runner), markets, instant);
  } finally {
    replay.close();
  }
}

/** Instants worth asking about: every event's two instants (and 1 ms around), hour edges, anything between. */
function instantsOf(events: RecordedEvent[]): number[] {
  const times = events.flatMap((event) => {
    const metadata = event.metadata as { occurredAt?: string; recordedAt: string };
    return [Date.parse(metadata.recordedAt), Date.parse(metadata.occurredAt ?? metadata.recordedAt)];
  });
  return [...new Set(times.flatMap((t) => [t - 1, t, t + 1, Math.floor(t / HOUR) * HOUR]))].sort(
    (a, b) => a - b,
  );
}

const shapes = fc.record<LogShape>({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  markets: fc.integer({ min: 1, max: 4 }),
  stepsPerMarket: fc.integer({ min: 0, max: 60 }),
  zone: fc.constantFrom('Asia/Singapore', 'Asia/Kolkata', 'America/Los_Angeles', 'UTC'),
  skewHours: fc.constantFrom(0, 2, 30),
  lateShare: fc.constantFrom(0.15, 0.5),
});

describe('AsOfIndexPath', () => {
  it('answers every instant on both bases exactly as the full replay does (program and market views, rows)', async () => {
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(
        shapes,
        fc.constantFrom(1, 3, 40),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BASES)), { minLength: 6, maxLength: 10 }),
        async (shape, batchSize, questions) => {
          const events = randomTrackerLog(shape);
          const side = await live(events, batchSize);
          try {
            const candidates = instantsOf(events);
            const span = [candidates[0] - HOUR, candidates[candidates.length - 1] + HOUR];
            for (const [i, [n, basis]] of questions.entries()) {
              // Half the questions at an event's own instant (or 1 ms off, or an hour's edge), half anywhere.
              const instant = new Date(
                i % 2 === 0 ? candidates[n % candidates.length] : span[0] + (n % (span[1] - span[0])),
              );
              const reads = await side.path.readsAt(side.head, instant, basis);
              expect(side.outcomes.at(-1)).toBe('index');
              const markets = side.head.markets;
              expect(answers(reads!, markets, instant)).toEqual(
                await replayed(events, instant, basis, markets),
              );
              asked += 1;
            }
          } finally {
            side.replay.close();
          }
        },
      ),
      { numRuns: 30 },
    );
    expect(asked).toBeGreaterThanOrEqual(180);
  }, 120_000);

  it('lists the events between two instants as the full history does', async () => {
    await fc.assert(
      fc.asyncProperty(shapes, fc.nat(), fc.nat(), fc.constantFrom(...BASES), async (shape, a, b, basis) => {
        const events = randomTrackerLog(shape);
        const side = await live(events, 7);
        try {
          const candidates = instantsOf(events);
          const [from, to] = [a, b]
            .map((n) => candidates[n % candidates.length])
            .sort((x, y) => x - y)
            .map((ms) => new Date(ms));
          const between = await side.path.eventsBetween(side.head, from, to, basis);
          const expected = events.filter((e) => knownAt(e, to, basis) && !knownAt(e, from, basis));
          expect(between?.map((e) => e.position)).toEqual(expected.map((e) => e.position));
        } finally {
          side.replay.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  describe('leaves to the full replay what it cannot answer exactly', () => {
    const shape: LogShape = {
      seed: 3,
      markets: 2,
      stepsPerMarket: 30,
      zone: 'UTC',
      skewHours: 2,
      lateShare: 0.15,
    };
    const instant = new Date('2014-03-03T00:00:00Z');
    /** One more event at the end of the log: `change` makes it odd. */
    const withOdd = (change: (event: RecordedEvent) => RecordedEvent) => {
      const events = randomTrackerLog(shape);
      const last = events[events.length - 1];
      const hk = events.filter((e) => e.streamId.endsWith('-HK'));
      const odd: RecordedEvent = {
        ...hk[hk.length - 1],
        id: 'odd',
        revision: BigInt(hk.length),
        position: last.position + 1n,
        type: 'BatchCopied',
        data: { programId: PROGRAM, market: 'HK', batchId: 'odd', users: 5, attempt: 1 },
      };
      return [...events, change(odd)];
    };

    it('a program with an event in another market stream than its own', async () => {
      const events = withOdd((e) => ({ ...e, data: { ...e.data, market: 'IN' } }));
      const side = await live(events, 5);
      try {
        expect(await side.path.readsAt(side.head, instant, 'recorded')).toBeUndefined();
        expect(await side.path.eventsBetween(side.head, new Date(0), instant, 'occurred')).toBeUndefined();
        expect(side.outcomes).toEqual(['irregular', 'irregular']);
      } finally {
        side.replay.close();
      }
    });

    it('a program with an instant that is no date', async () => {
      const events = withOdd((e) => ({ ...e, metadata: { ...e.metadata, occurredAt: 'yesterday' } }));
      const side = await live(events, 5);
      try {
        expect(await side.path.readsAt(side.head, instant, 'occurred')).toBeUndefined();
        expect(side.outcomes).toEqual(['irregular']);
      } finally {
        side.replay.close();
      }
    });

    it('an index that has not reached the head of the program within a second', async () => {
      const events = randomTrackerLog(shape);
      const side = await live(events.slice(0, -3), 5);
      try {
        const markets = { requireProgram: async () => undefined } as unknown as MarketWriter;
        const reader = new ProgramEventsReader(
          new MemoryEventLog(events),
          new ReadModels(side.replay.runner),
          markets,
        );
        const head = await reader.head(PROGRAM);
        expect(head.streams.some((s, i) => s.revision > side.head.streams[i].revision)).toBe(true);
        expect(await side.path.readsAt(head, instant, 'recorded')).toBeUndefined();
        expect(side.outcomes).toEqual(['behind']);
        // The head it has reached is answered.
        expect(await side.path.readsAt(side.head, instant, 'recorded')).toBeDefined();
      } finally {
        side.replay.close();
      }
    });
  });
});
