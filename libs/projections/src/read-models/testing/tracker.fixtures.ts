import type { DomainEvent, MarketEnrolledData, MarketEvent, ProgramCreatedData } from '@app/domain';

/** Test-only: the program of the read-model specs and builders of its events, typed by the domain. */
export const P = 'intl-2014';

/** `at('04-02T10')` is 2014-04-02 10:00 UTC; `at('04-02T10:30')` with minutes. */
export const at = (monthDayHour: string): string =>
  new Date(`2014-${monthDayHour}${monthDayHour.includes(':') ? '' : ':00'}:00.000Z`).toISOString();

export const programCreated = (data: Partial<ProgramCreatedData> = {}): DomainEvent => ({
  type: 'ProgramCreated',
  data: {
    programId: P,
    name: 'International 2014',
    sourceRegion: 'cn-north',
    deadline: '2014-10-31T15:59:59.000Z',
    timeZone: 'Asia/Singapore',
    dataCategories: ['contacts', 'messages'],
    ...data,
  },
});

export const deadlineRevised = (previousDeadline: string, deadline: string, programId = P): DomainEvent => ({
  type: 'DeadlineRevised',
  data: { programId, previousDeadline, deadline, reason: 'regulator' },
});

type Extra<Data> = Partial<Omit<Data, 'programId' | 'market'>>;

export const enrolled = (market: string, data: Extra<MarketEnrolledData> = {}): MarketEvent => ({
  type: 'MarketEnrolled',
  data: { programId: P, market, targetRegion: 'us-east', usersInScope: 1000, ...data },
});
export const scopeRevised = (
  market: string,
  previousUsersInScope: number,
  usersInScope: number,
): MarketEvent => ({
  type: 'ScopeRevised',
  data: { programId: P, market, previousUsersInScope, usersInScope, reason: 'recount' },
});
export const started = (market: string): MarketEvent => ({
  type: 'MigrationStarted',
  data: { programId: P, market },
});
export const copied = (
  market: string,
  batchId: string,
  users: number,
  attempt = 1,
  bytes?: number,
): MarketEvent => ({
  type: 'BatchCopied',
  data: { programId: P, market, batchId, users, attempt, ...(bytes === undefined ? {} : { bytes }) },
});
export const verified = (market: string, batchId: string, users: number): MarketEvent => ({
  type: 'BatchVerified',
  data: { programId: P, market, batchId, users },
});
export const failed = (market: string, batchId: string, users: number, attempt = 1): MarketEvent => ({
  type: 'BatchFailed',
  data: { programId: P, market, batchId, users, reason: 'checksum mismatch', attempt },
});
export const paused = (market: string, reason: string): MarketEvent => ({
  type: 'MigrationPaused',
  data: { programId: P, market, reason },
});
export const resumed = (market: string): MarketEvent => ({
  type: 'MigrationResumed',
  data: { programId: P, market },
});
export const cutover = (market: string, verifiedUsers: number): MarketEvent => ({
  type: 'CutoverCompleted',
  data: { programId: P, market, verifiedUsers },
});
export const purged = (market: string): MarketEvent => ({
  type: 'SourceDataPurged',
  data: { programId: P, market, evidence: 'ticket-42' },
});
export const completed = (market: string): MarketEvent => ({
  type: 'MarketCompleted',
  data: { programId: P, market },
});
