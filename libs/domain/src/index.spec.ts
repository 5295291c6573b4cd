import * as domain from './index';
import type { DomainErrorKind } from './shared/domain.error';

const ref = { programId: 'p2014', market: 'IN' };
const counts = { usersInScope: 10, verifiedUsers: 5, copiedUsers: 5 };

/** The error contract clients and the HTTP filter rely on: code and kind never change for a rule. */
const errorContract: [domain.DomainError, string, DomainErrorKind][] = [
  [new domain.ReasonRequiredError('ReviseScope'), 'reason_required', 'invalid'],
  [
    new domain.InstantOutOfRangeError('ReviseDeadline', 'deadline', '+010000-01-01T00:00:00Z'),
    'instant_out_of_range',
    'invalid',
  ],
  [new domain.ProgramAlreadyExistsError('p2014'), 'program_already_exists', 'conflict'],
  [new domain.SubscriptionAlreadyExistsError('s1'), 'subscription_already_exists', 'conflict'],
  [new domain.SubscriptionNotFoundError('s1'), 'subscription_not_found', 'not_found'],
  [new domain.InvalidSubscriptionError('url', 'must be https'), 'invalid_subscription', 'invalid'],
  [new domain.ProgramNotFoundError('ReviseDeadline'), 'program_not_found', 'not_found'],
  [new domain.DeadlineUnchangedError('p2014', '2014-10-31T16:00:00Z'), 'deadline_unchanged', 'conflict'],
  [new domain.MarketNotEnrolledError('StartMigration'), 'market_not_enrolled', 'not_found'],
  [new domain.MarketAlreadyEnrolledError(ref, 'planned'), 'market_already_enrolled', 'conflict'],
  [new domain.MarketCompletedError(ref, 'StartMigration'), 'market_completed', 'conflict'],
  [new domain.MigrationAlreadyStartedError(ref, 'paused'), 'migration_already_started', 'conflict'],
  [new domain.MigrationNotStartedError(ref, 'PauseMigration'), 'migration_not_started', 'conflict'],
  [new domain.MarketPausedError(ref, 'RecordBatchCopied'), 'market_paused', 'conflict'],
  [new domain.MarketNotPausedError(ref, 'migrating'), 'market_not_paused', 'conflict'],
  [
    new domain.MarketAlreadyCutOverError(ref, 'ReviseScope', 'cut_over'),
    'market_already_cut_over',
    'conflict',
  ],
  [new domain.CutoverBeforeAllVerifiedError(ref, 10, 9), 'cutover_before_all_verified', 'conflict'],
  [new domain.UnverifiedBatchesPendingError(ref, ['b1'], 3), 'unverified_batches_pending', 'conflict'],
  [new domain.PurgeBeforeCutoverError(ref, 'migrating'), 'purge_before_cutover', 'conflict'],
  [new domain.SourceAlreadyPurgedError(ref), 'source_already_purged', 'conflict'],
  [new domain.EvidenceRequiredError('PurgeSourceData'), 'evidence_required', 'invalid'],
  [new domain.CompletionBeforePurgeError(ref, 'cut_over'), 'completion_before_purge', 'conflict'],
  [new domain.ScopeUnchangedError(ref, 10), 'scope_unchanged', 'conflict'],
  [new domain.ScopeBelowProgressError(ref, 9, counts), 'scope_below_progress', 'conflict'],
  [new domain.ScopeExceededError(ref, 'b1', 1, counts), 'scope_exceeded', 'conflict'],
  [new domain.BatchAlreadyCopiedError(ref, 'b1', 'copied'), 'batch_already_copied', 'conflict'],
  [new domain.BatchNotCopiedError(ref, 'b1', 'unknown'), 'batch_not_copied', 'conflict'],
  [new domain.BatchAlreadyVerifiedError(ref, 'b1'), 'batch_already_verified', 'conflict'],
];

describe('public entry', () => {
  it('exports both deciders and the stream ids', () => {
    expect(typeof domain.programDecider.decide).toBe('function');
    expect(typeof domain.marketDecider.evolve).toBe('function');
    expect(domain.programStreamId('p2014')).toBe('program-p2014');
    expect(domain.marketStreamId('p2014', 'IN')).toBe('market-p2014-IN');
  });

  it.each(errorContract)('keeps the contract of %p', (error, code, kind) => {
    expect(error).toBeInstanceOf(domain.DomainError);
    expect(error).toMatchObject({ code, kind, name: error.constructor.name });
    expect(error.message).not.toMatch(/undefined|\[object/);
  });

  it('lists every exported error class in the contract, each with its own code', () => {
    const exported = Object.values(domain).filter(
      (value) => typeof value === 'function' && value.prototype instanceof domain.DomainError,
    );
    expect(new Set(errorContract.map(([error]) => error.constructor))).toEqual(new Set(exported));
    expect(new Set(errorContract.map(([, code]) => code)).size).toBe(errorContract.length);
  });

  it('does not export the test helpers', () => {
    expect(Object.keys(domain)).not.toContain('given');
  });
});
