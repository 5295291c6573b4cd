// Public entry of @app/domain. Import from here only; files below are internal.

export { fold, type Decider } from './shared/decider';
export { DomainError } from './shared/domain.error';
export { DOMAIN_STREAM_PREFIXES, marketStreamId, programStreamId } from './shared/stream-ids';
export { ReasonRequiredError } from './shared/validation.errors';
export {
  EARLIEST_INSTANT,
  InstantOutOfRangeError,
  isInstantInRange,
  LATEST_INSTANT,
  requireInstantInRange,
} from './shared/instant-range';
export { EVENT_SCHEMA_VERSIONS, type DomainEvent, type EventType } from './event-types';

export type * from './program/program.commands';
export * from './program/program.events';
export * from './program/program.errors';
export { programDecider } from './program/program.decider';

export type * from './market/market.commands';
export * from './market/market.events';
export * from './market/market-lifecycle.errors';
export * from './market/market-closing.errors';
export * from './market/market-batch.errors';
export type { EnrolledMarketPhase, MarketState } from './market/market.state';
export { marketDecider } from './market/market.decider';

export { addDays, dayInZone, dayShareLeft, daysUntil, lastDayOnTime } from './progress/calendar';
export { dailyHistory, trailingThroughput, type DailyHistory } from './progress/throughput';
export { assessMarket, type MarketStatus } from './progress/market-status';
export {
  forecastFinish,
  forecastSeed,
  startForecast,
  type Forecast,
  type ForecastInput,
} from './progress/forecast';
export { createZonedDayLookup } from './progress/zoned-day-lookup';
export { mulberry32 } from './progress/seeded-random';

export type * from './subscription/subscription.commands';
export * from './subscription/subscription.events';
export * from './subscription/subscription.errors';
export { subscriptionDecider } from './subscription/subscription.decider';
