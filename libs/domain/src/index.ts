// Public entry of @app/domain. Import from here only; files below are internal.

export { fold, type Decider } from './shared/decider';
export { DomainError, type DomainErrorKind } from './shared/domain.error';
export type { MarketRef, Message } from './shared/message';
export { DOMAIN_STREAM_PREFIXES, marketStreamId, programStreamId } from './shared/stream-ids';
export { ReasonRequiredError } from './shared/validation.errors';
export {
  EARLIEST_INSTANT,
  InstantOutOfRangeError,
  isInstantInRange,
  LATEST_INSTANT,
  requireInstantInRange,
} from './shared/instant-range';
export {
  EVENT_SCHEMA_VERSIONS,
  EVENT_TYPES,
  isEventType,
  type DomainEvent,
  type EventType,
} from './event-types';

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

export {
  addDays,
  dayInZone,
  dayShareLeft,
  daysBetween,
  daysUntil,
  endOfDayInZone,
  isDay,
  lastDayOnTime,
  startOfDayInZone,
} from './progress/calendar';
export {
  DEFAULT_THROUGHPUT_WINDOW_DAYS,
  dailyHistory,
  trailingThroughput,
  type DailyCount,
  type DailyHistory,
  type DailySteps,
  type Throughput,
} from './progress/throughput';
export type { MarketMeasures } from './progress/market-measures';
export { DEFAULT_STALE_AFTER_MS } from './progress/staleness';
export {
  assessMarket,
  type MarketAssessment,
  type MarketStatus,
  type MarketStatusInput,
} from './progress/market-status';
export {
  DEFAULT_FORECAST_HORIZON_DAYS,
  DEFAULT_FORECAST_TRIALS,
  forecastFinish,
  forecastSeed,
  startForecast,
  type Forecast,
  type ForecastInput,
  type ForecastRun,
} from './progress/forecast';
export { createZonedDayLookup } from './progress/zoned-day-lookup';
export { mulberry32 } from './progress/seeded-random';

export type * from './subscription/subscription.commands';
export * from './subscription/subscription.events';
export * from './subscription/subscription.errors';
export {
  initialSubscriptionState,
  type ActiveSubscription,
  type SubscriptionState,
} from './subscription/subscription.state';
export { subscriptionDecider } from './subscription/subscription.decider';
