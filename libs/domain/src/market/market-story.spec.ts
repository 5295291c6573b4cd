import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import type { MarketCommand } from './market.commands';
import { marketDecider } from './market.decider';
import type { MarketEvent } from './market.events';
import type { MarketState } from './market.state';
import { everyCommand, ref } from './testing/market.fixtures';

/** Runs commands one after another as the write path does: fold, decide, append. */
function run(commands: MarketCommand[], history: MarketEvent[] = []): MarketEvent[] {
  return commands.reduce<MarketEvent[]>(
    (events, command) => [...events, ...marketDecider.decide(command, fold(marketDecider, events))],
    history,
  );
}

describe('a market from enrolment to completion', () => {
  const events = run([
    {
      type: 'EnrollMarket',
      data: { ...ref, targetRegion: 'singapore', usersInScope: 1000, bytesInScope: 5_000 },
    },
    { type: 'StartMigration', data: {} },
    { type: 'RecordBatchCopied', data: { batchId: 'b1', users: 600, bytes: 3_000 } },
    { type: 'RecordBatchVerified', data: { batchId: 'b1', checksum: 'sha256:01' } },
    { type: 'RecordBatchCopied', data: { batchId: 'b2', users: 400 } },
    { type: 'PauseMigration', data: { reason: 'cross-border link down' } },
    { type: 'ResumeMigration', data: {} },
    { type: 'RecordBatchFailed', data: { batchId: 'b2', reason: 'checksum mismatch' } },
    { type: 'ReviseScope', data: { usersInScope: 950, reason: '50 accounts closed' } },
    { type: 'RecordBatchCopied', data: { batchId: 'b2', users: 350 } },
    { type: 'RecordBatchVerified', data: { batchId: 'b2' } },
    { type: 'CompleteCutover', data: {} },
    { type: 'PurgeSourceData', data: { evidence: 'SEC-4711 wipe certificate' } },
    { type: 'CompleteMarket', data: {} },
  ]);

  it('records one event per step, in order', () => {
    expect(events.map((event) => event.type)).toEqual([
      'MarketEnrolled',
      'MigrationStarted',
      'BatchCopied',
      'BatchVerified',
      'BatchCopied',
      'MigrationPaused',
      'MigrationResumed',
      'BatchFailed',
      'ScopeRevised',
      'BatchCopied',
      'BatchVerified',
      'CutoverCompleted',
      'SourceDataPurged',
      'MarketCompleted',
    ]);
  });

  it('stamps every event with its program and market', () => {
    for (const event of events) {
      expect(event.data).toMatchObject(ref);
    }
  });

  it('records the retry of the failed batch as attempt 2', () => {
    expect(events[9]).toEqual({
      type: 'BatchCopied',
      data: { ...ref, batchId: 'b2', users: 350, attempt: 2 },
    });
  });

  it('ends completed with the whole revised scope verified', () => {
    expect(fold(marketDecider, events)).toMatchObject({
      phase: 'completed',
      usersInScope: 950,
      verifiedUsers: 950,
      copiedUsers: 0,
      failedBatches: 0,
    });
  });

  it('stores plain JSON: what is written reads back the same', () => {
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });
});

describe('any sequence of commands', () => {
  /** A seeded generator: the same 2,000 steps on every run, so a failure always reproduces. */
  function* pseudoRandom(seed: number): Generator<number> {
    let state = seed;
    for (;;) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      yield state / 2_147_483_648;
    }
  }

  it('never lets verified or copied users exceed the scope', () => {
    const random = pseudoRandom(2014);
    const pick = (n: number): number => Math.floor(random.next().value * n);
    const batchIds = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
    const commands: MarketCommand[] = [
      ...everyCommand.filter((command) => !['CompleteCutover', 'PurgeSourceData'].includes(command.type)),
    ];
    let events: MarketEvent[] = [];
    let state: MarketState = marketDecider.initialState;
    for (let step = 0; step < 2_000; step++) {
      const batchId = batchIds[pick(batchIds.length)];
      const candidates: MarketCommand[] = [
        ...commands,
        { type: 'ReviseScope', data: { usersInScope: 1 + pick(1500), reason: 'recount' } },
        { type: 'RecordBatchCopied', data: { batchId, users: 1 + pick(400) } },
        { type: 'RecordBatchVerified', data: { batchId } },
        { type: 'RecordBatchFailed', data: { batchId, reason: 'timeout' } },
      ];
      try {
        const decided = marketDecider.decide(candidates[pick(candidates.length)], state);
        events = [...events, ...decided];
        state = fold(marketDecider, decided, state);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
      }
      if (state.phase !== 'not_enrolled') {
        expect(state.verifiedUsers + state.copiedUsers).toBeLessThanOrEqual(state.usersInScope);
      }
    }
    expect(events.filter((event) => event.type === 'BatchVerified').length).toBeGreaterThan(0);
  });
});
