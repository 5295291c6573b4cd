import { ReasonRequiredError } from '../shared/validation.errors';
import { given } from '../shared/testing/given-when-then';
import { ScopeBelowProgressError, ScopeExceededError, ScopeUnchangedError } from './market-batch.errors';
import { MarketAlreadyCutOverError } from './market-lifecycle.errors';
import type { ReviseScope } from './market.commands';
import { marketDecider } from './market.decider';
import {
  copied,
  cutOver,
  enrolled,
  fullyVerified,
  paused,
  purged,
  ref,
  started,
  verified,
} from './testing/market.fixtures';

const revise = (usersInScope: number, reason = 'inactive accounts excluded'): ReviseScope => ({
  type: 'ReviseScope',
  data: { usersInScope, reason },
});
const scopeRevised = (previousUsersInScope: number, usersInScope: number) => ({
  type: 'ScopeRevised' as const,
  data: { ...ref, previousUsersInScope, usersInScope, reason: 'inactive accounts excluded' },
});

describe('market scope revision', () => {
  describe('when planned', () => {
    it('grows the scope', () => {
      given(marketDecider, [enrolled(1000)])
        .when(revise(1200))
        .then([scopeRevised(1000, 1200)]);
    });

    it('shrinks the scope', () => {
      given(marketDecider, [enrolled(1000)])
        .when(revise(1))
        .then([scopeRevised(1000, 1)]);
    });

    it.each(['', ' \t '])('refuses a blank reason (%j)', (reason) => {
      given(marketDecider, [enrolled(1000)])
        .when(revise(900, reason))
        .thenThrows(ReasonRequiredError);
    });

    it('refuses a revision that changes nothing', () => {
      given(marketDecider, [enrolled(1000)])
        .when(revise(1000))
        .thenThrows(ScopeUnchangedError, { usersInScope: 1000 });
    });
  });

  describe('when migrating with 300 verified and 200 copied', () => {
    const history = [enrolled(1000), started, copied('b1', 300), verified('b1', 300), copied('b2', 200)];

    it('shrinks the scope down to exactly the users copied or verified', () => {
      given(marketDecider, history)
        .when(revise(500))
        .then([scopeRevised(1000, 500)]);
    });

    it('refuses a scope one below the users copied or verified', () => {
      given(marketDecider, history).when(revise(499)).thenThrows(ScopeBelowProgressError, {
        requestedUsersInScope: 499,
        usersInScope: 1000,
        verifiedUsers: 300,
        copiedUsers: 200,
      });
    });

    it('counts later batches against the revised scope', () => {
      given(marketDecider, [...history, scopeRevised(1000, 600)])
        .when({ type: 'RecordBatchCopied', data: { batchId: 'b3', users: 101 } })
        .thenThrows(ScopeExceededError, { usersInScope: 600 });
    });
  });

  describe('when paused', () => {
    it('revises the scope', () => {
      given(marketDecider, [enrolled(1000), started, paused])
        .when(revise(800))
        .then([scopeRevised(1000, 800)]);
    });
  });

  describe.each([
    ['cut over', [...fullyVerified(1000), cutOver(1000)], 'cut_over'],
    ['source purged', [...fullyVerified(1000), cutOver(1000), purged], 'source_purged'],
  ])('when %s', (_name, history, phase) => {
    it('refuses to revise the scope', () => {
      given(marketDecider, history)
        .when(revise(2000))
        .thenThrows(MarketAlreadyCutOverError, { command: 'ReviseScope', phase });
    });
  });
});
