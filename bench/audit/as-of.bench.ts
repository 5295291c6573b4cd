import { knownAt, replayReadModels } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';
import type { MarketProgressRow } from '@app/projections';
import type { Figure } from '../support/figures';
import type { BenchOptions } from '../support/options';
import { alternate } from '../support/rounds';
import { formatCount, formatNumber } from '../support/table';
import { now } from '../support/timing';
import { auditAsOfScaleBench } from './as-of-scale.bench';
import { BENCH_PROGRAM, marketEvents, programCreated } from './audit-log-fixture';

/**
 * As-of replay of one market (filter by recordedAt, the live projections into an in-memory SQLite, the
 * market's row read back) against a plain in-memory fold of the same events into the same counts.
 * Latency per replay: the ratio is how many times slower the replay is than the fold.
 */
interface RunSample {
  value: number;
}

interface Counts {
  copied: number;
  verified: number;
  batches: number;
  phase: string;
}

function plainFold(events: readonly RecordedEvent[], asOf: Date): Counts {
  const counts: Counts = { copied: 0, verified: 0, batches: 0, phase: 'planned' };
  for (const event of events) {
    if (!knownAt(event, asOf, 'recorded')) continue;
    const users = Number((event.data as { users?: number }).users ?? 0);
    if (event.type === 'MigrationStarted') counts.phase = 'migrating';
    else if (event.type === 'BatchCopied') counts.copied += users;
    else if (event.type === 'BatchVerified') {
      counts.copied -= users;
      counts.verified += users;
      counts.batches += 1;
    }
  }
  return counts;
}

async function replay(events: readonly RecordedEvent[], asOf: Date): Promise<Counts> {
  const result = await replayReadModels(events.filter((event) => knownAt(event, asOf, 'recorded')));
  try {
    const row = result.runner.reader.get<MarketProgressRow>(
      'market-progress',
      'SELECT * FROM {market_progress} WHERE program_id = ? AND market = ?',
      BENCH_PROGRAM,
      'IN',
    );
    if (!row) throw new Error('no market row after the replay');
    return {
      copied: row.copied_users,
      verified: row.verified_users,
      batches: row.batches_verified,
      phase: row.phase,
    };
  } finally {
    result.close();
  }
}

export async function auditAsOfBench(options: BenchOptions): Promise<Figure[]> {
  const count = options.quick ? 20_000 : 100_000;
  const rounds = options.quick ? 3 : 5;
  const events = [programCreated(), ...marketEvents('IN', count, 2)];
  const asOf = new Date(events[Math.floor(events.length * 0.9)].recordedAt);
  console.log(
    `\n== audit-as-of: as-of replay of a market with ${formatCount(events.length)} events vs a plain fold`,
  );
  const expected = plainFold(events, asOf);
  const got = await replay(events, asOf);
  if (JSON.stringify(expected) !== JSON.stringify(got)) {
    throw new Error(`replay and fold disagree: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
  }
  const timed = async (run: () => unknown): Promise<RunSample> => {
    const start = now();
    await run();
    return { value: now() - start };
  };
  const comparison = await alternate(
    rounds,
    () => timed(() => plainFold(events, asOf)),
    () => timed(() => replay(events, asOf)),
    (round, fold, replayed) =>
      console.log(
        `   round ${round + 1}: fold ${formatNumber(fold.value)} ms | replay ${formatNumber(replayed.value)} ms`,
      ),
  );
  return [
    {
      part: 'audit-as-of',
      name: `as-of replay of ${formatCount(events.length)} market events vs plain fold`,
      durability: 'in-memory SQLite (replay)',
      unit: 'ms',
      baseline: comparison.medianBaseline,
      candidate: comparison.medianCandidate,
      ratio: comparison.ratio,
    },
    ...(await auditAsOfScaleBench(options)),
  ];
}
