// Public entry of @app/domain. Import from here only; files below are internal.

export { fold, type DecisionContext, type Decider } from './shared/decider';
export { DomainError, type DomainErrorKind } from './shared/domain.error';
export type { MarketRef, Message } from './shared/message';
export { marketStreamId, programStreamId } from './shared/stream-ids';
export { ReasonRequiredError } from './shared/validation.errors';
export { EVENT_SCHEMA_VERSIONS, EVENT_TYPES, isEventType, type EventType } from './event-types';

export type * from './program/program.commands';
export * from './program/program.events';
export * from './program/program.errors';
export {
  initialProgramState,
  type ActiveProgram,
  type AbsentProgram,
  type ProgramState,
} from './program/program.state';
export { programDecider } from './program/program.decider';

export type * from './market/market.commands';
export * from './market/market.events';
export * from './market/market-lifecycle.errors';
export * from './market/market-closing.errors';
export * from './market/market-batch.errors';
export {
  initialMarketState,
  type BatchRecord,
  type BatchStatus,
  type EnrolledMarket,
  type EnrolledMarketPhase,
  type MarketPhase,
  type MarketState,
  type NotEnrolledMarket,
} from './market/market.state';
export { marketDecider } from './market/market.decider';
