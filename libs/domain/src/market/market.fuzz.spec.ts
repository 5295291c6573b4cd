import fc from 'fast-check';
import { replayReadModels } from '@app/audit';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import type { MarketCommand } from './market.commands';
import { marketDecider } from './market.decider';
import type { MarketEvent } from './market.events';
import type { MarketState } from './market.state';

/** Fixed in CI; `FUZZ_RUNS=2000 FUZZ_SEED=<n>` for a longer or another run (npm run fuzz). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20141031);
const REPLAY_RUNS = Math.max(1, Math.round(RUNS / 5));

const ref = { programId: 'p2014', market: 'IN' } as const;
const batchId = fc.constantFrom('b0', 'b1', 'b2', 'b3', 'b4', 'b5');
const users = fc.integer({ min: 1, max: 60 });
const reason = fc.constantFrom('link saturated', ' ', '', 'Ünïcödé 👩‍💻');

const command: fc.Arbitrary<MarketCommand> = fc.oneof(
  fc
    .record({ usersInScope: fc.integer({ min: 1, max: 200 }), plannedStart: fc.constant(undefined) })
    .map(({ usersInScope }): MarketCommand => ({
      type: 'EnrollMarket',
      data: { ...ref, targetRegion: 'singapore', usersInScope },
    })),
  fc
    .record({ usersInScope: fc.integer({ min: 1, max: 200 }), reason })
    .map((data): MarketCommand => ({ type: 'ReviseScope', data })),
  fc.constant<MarketCommand>({ type: 'StartMigration', data: {} }),
  fc.record({ batchId, users }).map((data): MarketCommand => ({ type: 'RecordBatchCopied', data })),
  fc.record({ batchId }).map((data): MarketCommand => ({ type: 'RecordBatchVerified', data })),
  fc.record({ batchId, reason }).map((data): MarketCommand => ({ type: 'RecordBatchFailed', data })),
  fc.record({ reason }).map((data): MarketCommand => ({ type: 'PauseMigration', data })),
  fc.constant<MarketCommand>({ type: 'ResumeMigration', data: {} }),
  fc.constant<MarketCommand>({ type: 'CompleteCutover', data: {} }),
  fc.record({ evidence: reason }).map((data): MarketCommand => ({ type: 'PurgeSourceData', data })),
  fc.constant<MarketCommand>({ type: 'CompleteMarket', data: {} }),
);

const copy = fc
  .record({ batchId, users })
  .map((data): MarketCommand => ({ type: 'RecordBatchCopied', data }));
const verify = fc.record({ batchId }).map((data): MarketCommand => ({ type: 'RecordBatchVerified', data }));
const enroll = fc.integer({ min: 1, max: 200 }).map((usersInScope): MarketCommand => ({
  type: 'EnrollMarket',
  data: { ...ref, targetRegion: 'singapore', usersInScope },
}));

// Most stories begin with an enrolment and a start, and batch steps are drawn more often than the others, so
// that sequences reach the scope's limit, cutover and beyond; the rest starts anywhere.
const story = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
    enroll,
    fc.array(
      fc.oneof(
        { arbitrary: command, weight: 3 },
        { arbitrary: copy, weight: 2 },
        { arbitrary: verify, weight: 2 },
      ),
      { minLength: 5, maxLength: 80 },
    ),
  )
  .map(([begun, enrolment, rest]): MarketCommand[] =>
    begun ? [enrolment, { type: 'StartMigration', data: {} }, ...rest] : rest,
  );

const snapshot = (state: MarketState): unknown => JSON.parse(JSON.stringify(state));
const NOW = new Date('2014-06-01T08:00:00.000Z');

/** Runs the commands through the decider as the writer does; refusals change nothing. Returns the stream. */
function run(commands: readonly MarketCommand[]): MarketEvent[] {
  const history: MarketEvent[] = [];
  const verifiedBatches = new Set<string>();
  let state = marketDecider.initialState;
  for (const next of commands) {
    const before = snapshot(state);
    let decided: MarketEvent[];
    try {
      decided = marketDecider.decide(next, state);
    } catch (error) {
      // A refusal is a typed domain error and leaves the state as it was; anything else is a bug.
      expect(error).toBeInstanceOf(DomainError);
      expect(snapshot(state)).toEqual(before);
      continue;
    }
    for (const event of decided) {
      if (event.type === 'BatchVerified') {
        expect(verifiedBatches.has(event.data.batchId)).toBe(false);
        verifiedBatches.add(event.data.batchId);
      }
    }
    history.push(...decided);
    state = fold(marketDecider, decided, state);
    // The state the decider sees next is the fold of the whole stream from scratch.
    expect(snapshot(state)).toEqual(snapshot(fold(marketDecider, history)));
    if (state.phase !== 'not_enrolled') {
      expect(state.verifiedUsers).toBeLessThanOrEqual(state.usersInScope);
      expect(state.verifiedUsers + state.copiedUsers).toBeLessThanOrEqual(state.usersInScope);
    }
  }
  return history;
}

/** The stream as the store would hold it, behind a program, one minute apart. */
function recorded(history: readonly MarketEvent[]): RecordedEvent[] {
  const program = {
    type: 'ProgramCreated',
    data: {
      programId: ref.programId,
      name: 'Fuzz',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T15:59:59.999Z',
      timeZone: 'Asia/Singapore',
      dataCategories: ['contacts'],
    },
  };
  return [program, ...history].map((event, index) => {
    const at = new Date(NOW.getTime() + index * 60_000).toISOString();
    const market = index > 0;
    return {
      id: `e-${index}`,
      streamId: market ? 'market-p2014-IN' : 'program-p2014',
      revision: BigInt(market ? index - 1 : 0),
      position: BigInt(index + 1),
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: { actor: 'fuzz', role: 'operator', occurredAt: at, recordedAt: at, schemaVersion: 1 },
      recordedAt: at,
    };
  });
}

type ProgressRow = { users_in_scope: number; copied_users: number; verified_users: number; phase: string };

async function readModel(events: RecordedEvent[]): Promise<{ row?: ProgressRow; tables: unknown }> {
  const replay = await replayReadModels(events);
  try {
    const row = replay.runner.reader.get<ProgressRow>(
      'market-progress',
      'SELECT users_in_scope, copied_users, verified_users, phase FROM {market_progress}',
    );
    const tables = replay.runner.reader.all('market-progress', 'SELECT * FROM {market_progress}');
    return { row, tables };
  } finally {
    replay.close();
  }
}

describe('market decider under random command sequences', () => {
  it('keeps its invariants, and the fold of what it emitted is the state it decides on next', () => {
    fc.assert(
      fc.property(story, (commands) => {
        run(commands);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('gives read models that agree with the decider, the same on every replay', async () => {
    await fc.assert(
      fc.asyncProperty(story, async (commands) => {
        const history = run(commands);
        const state = fold(marketDecider, history);
        const events = recorded(history);
        const [first, second] = [await readModel(events), await readModel(events)];
        expect(second.tables).toEqual(first.tables);
        if (state.phase === 'not_enrolled') {
          expect(first.row).toBeUndefined();
          return;
        }
        expect(first.row).toMatchObject({
          users_in_scope: state.usersInScope,
          copied_users: state.copiedUsers,
          verified_users: state.verifiedUsers,
          phase: state.phase,
        });
      }),
      { seed: SEED, numRuns: REPLAY_RUNS },
    );
    if (process.env.FUZZ_RUNS) {
      process.stdout.write(`market decider fuzz: ${RUNS} + ${REPLAY_RUNS} (replayed) runs, seed ${SEED}\n`);
    }
  });
});
