import { MARKET_EVENT_TYPES, type MarketEvent, type MarketEventType } from './market/market.events';
import { PROGRAM_EVENT_TYPES, type ProgramEvent, type ProgramEventType } from './program/program.events';

/** Every event of the tracker's streams: switch on `type` to narrow `data`. */
export type DomainEvent = ProgramEvent | MarketEvent;
export type EventType = ProgramEventType | MarketEventType;

/** Every stored event type string. A stored name is a contract: add new names, never rename old ones. */
export const EVENT_TYPES: readonly EventType[] = [...PROGRAM_EVENT_TYPES, ...MARKET_EVENT_TYPES];

/**
 * Schema version of each event's `data`, written into the envelope. Bump one when its data changes shape,
 * and teach readers (an upcaster) to turn the old shape into the new one.
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = {
  ProgramCreated: 1,
  DeadlineRevised: 1,
  MarketEnrolled: 1,
  ScopeRevised: 1,
  MigrationStarted: 1,
  // v2 always carries `attempt` (1 for a first copy); v1 events are upcast on read (libs/audit upcasting).
  BatchCopied: 2,
  BatchVerified: 1,
  BatchFailed: 1,
  MigrationPaused: 1,
  MigrationResumed: 1,
  CutoverCompleted: 1,
  SourceDataPurged: 1,
  MarketCompleted: 1,
};

export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_SCHEMA_VERSIONS, type);
