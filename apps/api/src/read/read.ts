import { ListProgramsController } from './list-programs/list-programs.controller';
import { ListProgramsHandler } from './list-programs/list-programs.query';
import { MarketProgressController } from './market-progress/market-progress.controller';
import { MarketProgressHandler } from './market-progress/market-progress.query';
import { MarketSeriesController } from './market-series/market-series.controller';
import { MarketSeriesHandler } from './market-series/market-series.query';
import { ProgramProgressController } from './program-progress/program-progress.controller';
import { ProgramProgressHandler } from './program-progress/program-progress.query';
import { ProjectionAdminController } from './projection-admin/projection-admin.controller';
import { ProjectionActions } from './projection-admin/projection-actions';
import { ProgramStreamController } from './program-stream/program-stream.controller';
import { SharedProgramProgress } from './program-stream/shared-program-progress';
import { ProgramFeeds } from './program-stream/program-feeds';
import { ReadConsistency } from './read-consistency';
import { progressProviders, readSideProviders } from './read-side.providers';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineHandler } from './timeline/timeline.query';
import { ProjectionsHealthIndicator } from '../health/projections.health';
import { ETagInterceptor } from './etag.interceptor';
import { ReadSideMetrics } from './read-side.metrics';

export const readControllers = [
  ListProgramsController,
  ProgramProgressController,
  MarketProgressController,
  TimelineController,
  MarketSeriesController,
  ProgramStreamController,
  ProjectionAdminController,
];

export const readQueryHandlers = [
  ListProgramsHandler,
  ProgramProgressHandler,
  MarketProgressHandler,
  TimelineHandler,
  MarketSeriesHandler,
];

export const readProviders = [
  ...readSideProviders,
  ...progressProviders,
  ReadConsistency,
  SharedProgramProgress,
  ProgramFeeds,
  ETagInterceptor,
  ReadSideMetrics,
  ProjectionsHealthIndicator,
  ProjectionActions,
];
