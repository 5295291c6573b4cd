import type { MarketCommand } from '../market.commands';
import type { MarketEvent } from '../market.events';

/** Test-only builders for market streams: program p2014, market IN, 1000 users in scope. */
export const ref = { programId: 'p2014', market: 'IN' } as const;

export const enrolled = (usersInScope = 1000): MarketEvent => ({
  type: 'MarketEnrolled',
  data: { ...ref, targetRegion: 'singapore', usersInScope },
});
export const started: MarketEvent = { type: 'MigrationStarted', data: ref };
export const paused: MarketEvent = { type: 'MigrationPaused', data: { ...ref, reason: 'link saturated' } };
export const resumed: MarketEvent = { type: 'MigrationResumed', data: ref };
export const cutOver = (verifiedUsers = 1000): MarketEvent => ({
  type: 'CutoverCompleted',
  data: { ...ref, verifiedUsers },
});
export const purged: MarketEvent = { type: 'SourceDataPurged', data: { ...ref, evidence: 'SEC-4711' } };
export const completed: MarketEvent = { type: 'MarketCompleted', data: ref };

export const copied = (batchId: string, users: number, attempt = 1): MarketEvent => ({
  type: 'BatchCopied',
  data: { ...ref, batchId, users, attempt },
});
export const verified = (batchId: string, users: number): MarketEvent => ({
  type: 'BatchVerified',
  data: { ...ref, batchId, users },
});
export const failed = (batchId: string, users: number, attempt = 1): MarketEvent => ({
  type: 'BatchFailed',
  data: { ...ref, batchId, users, reason: 'checksum mismatch', attempt },
});

/** A market with every user in scope copied and verified in one batch, ready to cut over. */
export const fullyVerified = (usersInScope = 1000): MarketEvent[] => [
  enrolled(usersInScope),
  started,
  copied('b1', usersInScope),
  verified('b1', usersInScope),
];

export const copy = (batchId: string, users: number, bytes?: number): MarketCommand => ({
  type: 'RecordBatchCopied',
  data: bytes === undefined ? { batchId, users } : { batchId, users, bytes },
});
export const verify = (batchId: string, checksum?: string): MarketCommand => ({
  type: 'RecordBatchVerified',
  data: checksum === undefined ? { batchId } : { batchId, checksum },
});
export const fail = (batchId: string, reason = 'checksum mismatch'): MarketCommand => ({
  type: 'RecordBatchFailed',
  data: { batchId, reason },
});
export const start: MarketCommand = { type: 'StartMigration', data: {} };
export const pause = (reason = 'link saturated'): MarketCommand => ({
  type: 'PauseMigration',
  data: { reason },
});
export const resume: MarketCommand = { type: 'ResumeMigration', data: {} };
export const cutover: MarketCommand = { type: 'CompleteCutover', data: {} };
export const purge = (evidence = 'SEC-4711'): MarketCommand => ({
  type: 'PurgeSourceData',
  data: { evidence },
});
export const complete: MarketCommand = { type: 'CompleteMarket', data: {} };

/** One valid instance of every market command, for rules that hold for any command. */
export const everyCommand: MarketCommand[] = [
  {
    type: 'EnrollMarket',
    data: { ...ref, targetRegion: 'singapore', usersInScope: 1000 },
  },
  { type: 'ReviseScope', data: { usersInScope: 900, reason: 'inactive accounts excluded' } },
  { type: 'StartMigration', data: {} },
  { type: 'RecordBatchCopied', data: { batchId: 'b9', users: 10 } },
  { type: 'RecordBatchVerified', data: { batchId: 'b1' } },
  { type: 'RecordBatchFailed', data: { batchId: 'b1', reason: 'timeout' } },
  { type: 'PauseMigration', data: { reason: 'maintenance window' } },
  { type: 'ResumeMigration', data: {} },
  { type: 'CompleteCutover', data: {} },
  { type: 'PurgeSourceData', data: { evidence: 'SEC-4711' } },
  { type: 'CompleteMarket', data: {} },
];
