import type { Message } from '../shared/message';

/** Counts are positive safe integers, checked by the API before a command reaches the domain. */
export type EnrollMarketData = {
  readonly programId: string;
  /** Market code, e.g. 'IN', 'HK', 'SG'. */
  readonly market: string;
  /** Where the data goes, e.g. 'us-east' or 'singapore'. */
  readonly targetRegion: string;
  readonly usersInScope: number;
  readonly bytesInScope?: number;
  /** ISO-8601 instant. */
  readonly plannedStart?: string;
};

export type ReviseScopeData = { readonly usersInScope: number; readonly reason: string };
export type StartMigrationData = Record<string, never>;
export type RecordBatchCopiedData = {
  readonly batchId: string;
  readonly users: number;
  readonly bytes?: number;
};
export type RecordBatchVerifiedData = { readonly batchId: string; readonly checksum?: string };
export type RecordBatchFailedData = { readonly batchId: string; readonly reason: string };
export type PauseMigrationData = { readonly reason: string };
export type ResumeMigrationData = Record<string, never>;
export type CompleteCutoverData = Record<string, never>;
/** What proves the source copy is gone: a ticket, a signed report's hash, a link. */
export type PurgeSourceDataData = { readonly evidence: string };
export type CompleteMarketData = Record<string, never>;

export type EnrollMarket = Message<'EnrollMarket', EnrollMarketData>;
export type ReviseScope = Message<'ReviseScope', ReviseScopeData>;
export type StartMigration = Message<'StartMigration', StartMigrationData>;
export type RecordBatchCopied = Message<'RecordBatchCopied', RecordBatchCopiedData>;
export type RecordBatchVerified = Message<'RecordBatchVerified', RecordBatchVerifiedData>;
export type RecordBatchFailed = Message<'RecordBatchFailed', RecordBatchFailedData>;
export type PauseMigration = Message<'PauseMigration', PauseMigrationData>;
export type ResumeMigration = Message<'ResumeMigration', ResumeMigrationData>;
export type CompleteCutover = Message<'CompleteCutover', CompleteCutoverData>;
export type PurgeSourceData = Message<'PurgeSourceData', PurgeSourceDataData>;
export type CompleteMarket = Message<'CompleteMarket', CompleteMarketData>;

export type MarketCommand =
  | EnrollMarket
  | ReviseScope
  | StartMigration
  | RecordBatchCopied
  | RecordBatchVerified
  | RecordBatchFailed
  | PauseMigration
  | ResumeMigration
  | CompleteCutover
  | PurgeSourceData
  | CompleteMarket;

export type MarketCommandType = MarketCommand['type'];
