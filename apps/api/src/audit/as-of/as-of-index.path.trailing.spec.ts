import { MemoryEventLog } from '@app/audit';
import type { EventStore, ReadAllOptions } from '@app/event-store';
import { openProjectionDatabase, ProjectionRunner, ReadModels, readModelProjections } from '@app/projections';
import type { MarketWriter } from '../../write/market-writer';
import { AsOfIndexPath, type IndexMiss } from './as-of-index.path';
import type { AsOfMetrics } from './as-of.metrics';
import { ProgramEventsReader } from './program-events.reader';
import { PROGRAM, randomTrackerLog } from './testing/random-tracker-log';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the as-of index path while the index trails the other read models', () => {
  it('waits for the index itself (not for read-your-writes) and answers from it once it is there', async () => {
    const events = randomTrackerLog({
      seed: 7,
      markets: 2,
      stepsPerMarket: 30,
      zone: 'UTC',
      skewHours: 2,
      lateShare: 0.15,
    });
    const log = new MemoryEventLog(events);
    // Closed: every page after the first waits, so the index stays behind until the question waits for it.
    let gate: Promise<void> | undefined;
    let open = () => undefined as void;
    const gated = Object.assign(Object.create(log) as EventStore, {
      readAll: async (options: ReadAllOptions = {}) => {
        if (gate && (options.fromPosition ?? 0n) > 0n) await gate;
        return log.readAll(options);
      },
    });
    const db = openProjectionDatabase(':memory:');
    const runner = new ProjectionRunner({
      store: gated,
      db,
      projections: readModelProjections,
      batchSize: 5,
      logger: quiet,
    });
    const outcomes: (IndexMiss | 'index')[] = [];
    const metrics = {
      indexed: (outcome: IndexMiss | 'index') => outcomes.push(outcome),
    } as unknown as AsOfMetrics;
    const markets = { requireProgram: async () => undefined } as unknown as MarketWriter;
    const reader = new ProgramEventsReader(log, new ReadModels(runner), markets);
    const path = new AsOfIndexPath(runner, reader, metrics);
    try {
      await runner.start();
      expect(await runner.waitForPosition(log.lastPosition, 10_000)).toBe(true);
      // The others are at the head; the index has not applied anything yet: it may read its first page only.
      expect(runner.checkpoint('as-of-index')).toBe(0n);
      gate = new Promise<void>((resolve) => (open = resolve));
      while (runner.checkpoint('as-of-index') === 0n) await new Promise((resolve) => setImmediate(resolve));

      const head = await reader.head(PROGRAM);
      const answer = path.readsAt(head, new Date('2014-03-03T00:00:00Z'), 'recorded');
      setTimeout(open, 200); // well within the path's wait (a second)
      expect(await answer).toBeDefined();
      expect(outcomes).toEqual(['index']);
      expect(runner.checkpoint('as-of-index')).toBe(log.lastPosition);
    } finally {
      open();
      await runner.stop();
      db.close();
    }
  });
});
