export * from './runner/projection';
export * from './runner/projection-runner';
export * from './runner/projection-runner.options';
export * from './runner/projection-reader';
export * from './runner/projection-database';
export type {
  PoisonEvent,
  ProjectionCounters,
  ProjectionRunState,
  ProjectionStatus,
  RebuildProgress,
} from './runner/projection-status';
export * from './runner/projection.errors';
export type { ChangeBatch, ChangeListener } from './runner/commit-reporter';
export { readModelProjections } from './read-models/read-models';
export { AsOfIndexReads, MarketAt, programRowAt, hourOf } from './read-models/as-of-index.reads';
export type { IndexBasis } from './read-models/as-of-index.projection';
export type { ProgramRow } from './read-models/programs.projection';
export type { MarketProgressRow } from './read-models/market-progress.projection';
export type { MarketDailyRow } from './read-models/market-daily.projection';
export type { TimelineRow } from './read-models/timeline.projection';
export { ReadModels } from './progress/read-models.queries';
export { ProgressCalculator, type ProgressOptions } from './progress/progress.calculator';
export { ProgressService, type ProgressReads } from './progress/progress.service';
export type * from './progress/progress.views';
