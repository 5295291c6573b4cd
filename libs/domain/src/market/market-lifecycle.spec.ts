import { ReasonRequiredError } from '../shared/validation.errors';
import { given } from '../shared/testing/given-when-then';
import {
  CompletionBeforePurgeError,
  CutoverBeforeAllVerifiedError,
  PurgeBeforeCutoverError,
  UnverifiedBatchesPendingError,
} from './market-closing.errors';
import {
  MarketNotPausedError,
  MarketPausedError,
  MigrationAlreadyStartedError,
} from './market-lifecycle.errors';
import { marketDecider } from './market.decider';
import {
  complete,
  copied,
  cutOver,
  cutover,
  enrolled,
  failed,
  fullyVerified,
  pause,
  paused,
  purge,
  resume,
  resumed,
  start,
  started,
  verified,
} from './testing/market.fixtures';

describe('market lifecycle', () => {
  describe('when migrating', () => {
    const migrating = [enrolled(1000), started];

    it('pauses with a reason', () => {
      given(marketDecider, migrating).when(pause()).then([paused]);
    });

    it('refuses a pause without a reason', () => {
      given(marketDecider, migrating)
        .when(pause(' '))
        .thenThrows(ReasonRequiredError, { command: 'PauseMigration' });
    });

    it('refuses to start again', () => {
      given(marketDecider, migrating)
        .when(start)
        .thenThrows(MigrationAlreadyStartedError, { phase: 'migrating' });
    });

    it('refuses to resume', () => {
      given(marketDecider, migrating).when(resume).thenThrows(MarketNotPausedError, { phase: 'migrating' });
    });

    it('cuts over once every user in scope is verified', () => {
      given(marketDecider, fullyVerified(1000))
        .when(cutover)
        .then([cutOver(1000)]);
    });

    it('cuts over with failed batches left behind when the scope is verified anyway', () => {
      given(marketDecider, [
        ...migrating,
        copied('b1', 10),
        failed('b1', 10),
        copied('b2', 1000),
        verified('b2', 1000),
      ])
        .when(cutover)
        .then([cutOver(1000)]);
    });

    it('refuses to cut over before every user in scope is verified', () => {
      given(marketDecider, [...migrating, copied('b1', 999), verified('b1', 999)])
        .when(cutover)
        .thenThrows(CutoverBeforeAllVerifiedError, { usersInScope: 1000, verifiedUsers: 999 });
    });

    it('refuses to cut over while copied batches await verification', () => {
      given(marketDecider, [
        ...migrating,
        copied('b1', 600),
        verified('b1', 600),
        copied('b2', 300),
        copied('b3', 100),
      ])
        .when(cutover)
        .thenThrows(UnverifiedBatchesPendingError, { batchIds: ['b2', 'b3'], copiedUsers: 400 });
    });

    it('refuses to purge source data before cutover', () => {
      given(marketDecider, fullyVerified())
        .when(purge())
        .thenThrows(PurgeBeforeCutoverError, { phase: 'migrating' });
    });

    it('refuses to complete', () => {
      given(marketDecider, fullyVerified()).when(complete).thenThrows(CompletionBeforePurgeError);
    });
  });

  describe('when paused', () => {
    const history = [...fullyVerified(1000), paused];

    it('resumes', () => {
      given(marketDecider, history).when(resume).then([resumed]);
    });

    it('refuses a second pause', () => {
      given(marketDecider, history)
        .when(pause())
        .thenThrows(MarketPausedError, { command: 'PauseMigration' });
    });

    it('refuses to start again', () => {
      given(marketDecider, history).when(start).thenThrows(MigrationAlreadyStartedError, { phase: 'paused' });
    });

    it('refuses to cut over', () => {
      given(marketDecider, history)
        .when(cutover)
        .thenThrows(MarketPausedError, { command: 'CompleteCutover' });
    });

    it('accepts batches again once resumed', () => {
      given(marketDecider, [enrolled(1000), started, paused, resumed])
        .when({ type: 'RecordBatchCopied', data: { batchId: 'b1', users: 10 } })
        .then([copied('b1', 10)]);
    });
  });
});
