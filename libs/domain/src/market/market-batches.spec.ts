import { given } from '../shared/testing/given-when-then';
import {
  BatchAlreadyCopiedError,
  BatchAlreadyVerifiedError,
  BatchNotCopiedError,
  ScopeExceededError,
} from './market-batch.errors';
import { MarketAlreadyCutOverError, MarketPausedError } from './market-lifecycle.errors';
import { marketDecider } from './market.decider';
import {
  copied,
  copy,
  cutOver,
  enrolled,
  fail,
  failed,
  fullyVerified,
  paused,
  purged,
  ref,
  started,
  verified,
  verify,
} from './testing/market.fixtures';

describe('market batches', () => {
  describe('when migrating', () => {
    const migrating = [enrolled(1000), started];

    it('records a first copy as attempt 1', () => {
      given(marketDecider, migrating)
        .when(copy('b1', 400))
        .then([copied('b1', 400)]);
    });

    it('keeps the bytes of a copy when given', () => {
      given(marketDecider, migrating)
        .when(copy('b1', 400, 123_456))
        .then([
          { type: 'BatchCopied', data: { ...ref, batchId: 'b1', users: 400, bytes: 123_456, attempt: 1 } },
        ]);
    });

    it('accepts copies that fill the scope exactly', () => {
      given(marketDecider, [...migrating, copied('b1', 400), verified('b1', 400), copied('b2', 500)])
        .when(copy('b3', 100))
        .then([copied('b3', 100)]);
    });

    it('refuses a copy that would exceed the scope, counting copied and verified users', () => {
      given(marketDecider, [...migrating, copied('b1', 400), verified('b1', 400), copied('b2', 500)])
        .when(copy('b3', 101))
        .thenThrows(ScopeExceededError, {
          batchId: 'b3',
          usersInScope: 1000,
          verifiedUsers: 400,
          copiedUsers: 500,
          users: 101,
        });
    });

    it('refuses to copy a batch that is already copied', () => {
      given(marketDecider, [...migrating, copied('b1', 400)])
        .when(copy('b1', 400))
        .thenThrows(BatchAlreadyCopiedError, { batchId: 'b1', status: 'copied' });
    });

    it('refuses to copy a batch that is already verified', () => {
      given(marketDecider, [...migrating, copied('b1', 400), verified('b1', 400)])
        .when(copy('b1', 400))
        .thenThrows(BatchAlreadyCopiedError, { batchId: 'b1', status: 'verified' });
    });

    it('verifies a copied batch with the users of its copy', () => {
      given(marketDecider, [...migrating, copied('b1', 400)])
        .when(verify('b1'))
        .then([verified('b1', 400)]);
    });

    it('keeps the checksum of a verification when given', () => {
      given(marketDecider, [...migrating, copied('b1', 400)])
        .when(verify('b1', 'sha256:ab12'))
        .then([
          { type: 'BatchVerified', data: { ...ref, batchId: 'b1', users: 400, checksum: 'sha256:ab12' } },
        ]);
    });

    it('refuses to verify a batch that was never copied', () => {
      given(marketDecider, migrating)
        .when(verify('b7'))
        .thenThrows(BatchNotCopiedError, { batchId: 'b7', status: 'unknown' });
    });

    it('refuses to verify a batch twice', () => {
      given(marketDecider, [...migrating, copied('b1', 400), verified('b1', 400)])
        .when(verify('b1'))
        .thenThrows(BatchAlreadyVerifiedError, { batchId: 'b1' });
    });

    it('refuses to verify a failed batch before it is copied again', () => {
      given(marketDecider, [...migrating, copied('b1', 400), failed('b1', 400)])
        .when(verify('b1'))
        .thenThrows(BatchNotCopiedError, { batchId: 'b1', status: 'failed' });
    });

    it('never lets verified users exceed the scope, even for a history written before the copy rule', () => {
      given(marketDecider, [...migrating, copied('b1', 800), copied('b2', 800), verified('b1', 800)])
        .when(verify('b2'))
        .thenThrows(ScopeExceededError, { usersInScope: 1000, verifiedUsers: 800, users: 800 });
    });
  });

  describe('when paused', () => {
    const history = [enrolled(1000), started, copied('b1', 400), paused];

    it.each([copy('b2', 10), verify('b1'), fail('b1')])('refuses $type', (command) => {
      given(marketDecider, history).when(command).thenThrows(MarketPausedError, { command: command.type });
    });
  });

  describe.each([
    ['cut over', [...fullyVerified(1000), cutOver(1000)], 'cut_over'],
    ['source purged', [...fullyVerified(1000), cutOver(1000), purged], 'source_purged'],
  ])('when %s', (_name, history, phase) => {
    it.each([copy('b2', 10), verify('b1'), fail('b1')])('refuses $type', (command) => {
      given(marketDecider, history)
        .when(command)
        .thenThrows(MarketAlreadyCutOverError, { command: command.type, phase });
    });
  });
});
