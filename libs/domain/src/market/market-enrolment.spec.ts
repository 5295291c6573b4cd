import { given } from '../shared/testing/given-when-then';
import { CompletionBeforePurgeError, PurgeBeforeCutoverError } from './market-closing.errors';
import {
  MarketAlreadyEnrolledError,
  MarketNotEnrolledError,
  MarketNotPausedError,
  MigrationNotStartedError,
} from './market-lifecycle.errors';
import type { MarketCommand } from './market.commands';
import { marketDecider } from './market.decider';
import { enrolled, everyCommand, ref } from './testing/market.fixtures';

describe('market enrolment', () => {
  describe('when not enrolled', () => {
    it('enrols the market with its scope', () => {
      given(marketDecider, [])
        .when({ type: 'EnrollMarket', data: { ...ref, targetRegion: 'singapore', usersInScope: 1000 } })
        .then([enrolled(1000)]);
    });

    it('keeps bytes in scope and planned start when given', () => {
      const data = {
        ...ref,
        targetRegion: 'us-east',
        usersInScope: 5000,
        bytesInScope: 7_000_000_000,
        plannedStart: '2014-02-01T00:00:00.000Z',
      };
      given(marketDecider, [])
        .when({ type: 'EnrollMarket', data })
        .then([{ type: 'MarketEnrolled', data }]);
    });

    it('omits optional fields that were not given rather than storing undefined', () => {
      const [event] = marketDecider.decide(
        {
          type: 'EnrollMarket',
          data: { ...ref, targetRegion: 'singapore', usersInScope: 10, bytesInScope: undefined },
        },
        marketDecider.initialState,
      );
      expect(Object.keys(event.data)).toEqual(['programId', 'market', 'targetRegion', 'usersInScope']);
    });

    it.each(everyCommand.filter((command) => command.type !== 'EnrollMarket'))(
      'refuses $type as not found',
      (command) => {
        const error = given(marketDecider, [])
          .when(command)
          .thenThrows(MarketNotEnrolledError, { command: command.type });
        expect(error).toMatchObject({ code: 'market_not_enrolled', kind: 'not_found' });
      },
    );
  });

  describe('when planned', () => {
    const history = [enrolled()];

    it('refuses a second enrolment', () => {
      given(marketDecider, history)
        .when({ type: 'EnrollMarket', data: { ...ref, targetRegion: 'us-east', usersInScope: 5 } })
        .thenThrows(MarketAlreadyEnrolledError, { ...ref, phase: 'planned' });
    });

    it('starts the migration', () => {
      given(marketDecider, history)
        .when({ type: 'StartMigration', data: {} })
        .then([{ type: 'MigrationStarted', data: ref }]);
    });

    const notYet: MarketCommand[] = [
      { type: 'RecordBatchCopied', data: { batchId: 'b1', users: 10 } },
      { type: 'RecordBatchVerified', data: { batchId: 'b1' } },
      { type: 'RecordBatchFailed', data: { batchId: 'b1', reason: 'timeout' } },
      { type: 'PauseMigration', data: { reason: 'maintenance' } },
      { type: 'CompleteCutover', data: {} },
    ];

    it.each(notYet)('refuses $type before the migration started', (command) => {
      given(marketDecider, history)
        .when(command)
        .thenThrows(MigrationNotStartedError, { command: command.type });
    });

    it('refuses to resume what was never paused', () => {
      given(marketDecider, history)
        .when({ type: 'ResumeMigration', data: {} })
        .thenThrows(MarketNotPausedError, { phase: 'planned' });
    });

    it('refuses to purge source data', () => {
      given(marketDecider, history)
        .when({ type: 'PurgeSourceData', data: { evidence: 'SEC-1' } })
        .thenThrows(PurgeBeforeCutoverError, { phase: 'planned' });
    });

    it('refuses to complete', () => {
      given(marketDecider, history)
        .when({ type: 'CompleteMarket', data: {} })
        .thenThrows(CompletionBeforePurgeError, { phase: 'planned' });
    });
  });
});
