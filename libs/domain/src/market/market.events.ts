import type { MarketRef, Message } from '../shared/message';

export type MarketEnrolledData = MarketRef & {
  readonly targetRegion: string;
  readonly usersInScope: number;
  readonly bytesInScope?: number;
  readonly plannedStart?: string;
};
export type ScopeRevisedData = MarketRef & {
  readonly previousUsersInScope: number;
  readonly usersInScope: number;
  readonly reason: string;
};
export type MigrationStartedData = MarketRef;
/** `attempt` is 1 for a first copy and n + 1 when a failed batch is copied again. */
export type BatchCopiedData = MarketRef & {
  readonly batchId: string;
  readonly users: number;
  readonly bytes?: number;
  readonly attempt: number;
};
export type BatchVerifiedData = MarketRef & {
  readonly batchId: string;
  readonly users: number;
  readonly checksum?: string;
};
export type BatchFailedData = MarketRef & {
  readonly batchId: string;
  readonly users: number;
  readonly reason: string;
  readonly attempt: number;
};
export type MigrationPausedData = MarketRef & { readonly reason: string };
export type MigrationResumedData = MarketRef;
export type CutoverCompletedData = MarketRef & { readonly verifiedUsers: number };
export type SourceDataPurgedData = MarketRef & { readonly evidence: string };
export type MarketCompletedData = MarketRef;

export type MarketEnrolled = Message<'MarketEnrolled', MarketEnrolledData>;
export type ScopeRevised = Message<'ScopeRevised', ScopeRevisedData>;
export type MigrationStarted = Message<'MigrationStarted', MigrationStartedData>;
export type BatchCopied = Message<'BatchCopied', BatchCopiedData>;
export type BatchVerified = Message<'BatchVerified', BatchVerifiedData>;
export type BatchFailed = Message<'BatchFailed', BatchFailedData>;
export type MigrationPaused = Message<'MigrationPaused', MigrationPausedData>;
export type MigrationResumed = Message<'MigrationResumed', MigrationResumedData>;
export type CutoverCompleted = Message<'CutoverCompleted', CutoverCompletedData>;
export type SourceDataPurged = Message<'SourceDataPurged', SourceDataPurgedData>;
export type MarketCompleted = Message<'MarketCompleted', MarketCompletedData>;

export type MarketEvent =
  | MarketEnrolled
  | ScopeRevised
  | MigrationStarted
  | BatchCopied
  | BatchVerified
  | BatchFailed
  | MigrationPaused
  | MigrationResumed
  | CutoverCompleted
  | SourceDataPurged
  | MarketCompleted;

export type MarketEventType = MarketEvent['type'];

/** Stored type strings of market streams. These are a storage contract: never rename one. */
export const MARKET_EVENT_TYPES = [
  'MarketEnrolled',
  'ScopeRevised',
  'MigrationStarted',
  'BatchCopied',
  'BatchVerified',
  'BatchFailed',
  'MigrationPaused',
  'MigrationResumed',
  'CutoverCompleted',
  'SourceDataPurged',
  'MarketCompleted',
] as const satisfies readonly MarketEventType[];

const marketEventTypes: ReadonlySet<string> = new Set(MARKET_EVENT_TYPES);

/** True when the type string belongs to a market stream. It does not validate `data`. */
export const isMarketEvent = <E extends { type: string }>(event: E): event is E & MarketEvent =>
  marketEventTypes.has(event.type);
