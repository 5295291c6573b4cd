import { CreateProgramHandler } from './create-program/create-program.command';
import { EnrollMarketHandler } from './enroll-market/enroll-market.command';
import { PauseMigrationHandler } from './pause-migration/pause-migration.command';
import { PurgeSourceDataHandler } from './purge-source-data/purge-source-data.command';
import { RecordBatchCopiedHandler } from './record-batch-copied/record-batch-copied.command';
import { RecordBatchFailedHandler } from './record-batch-failed/record-batch-failed.command';
import { RecordBatchVerifiedHandler } from './record-batch-verified/record-batch-verified.command';
import { ReviseDeadlineHandler } from './revise-deadline/revise-deadline.command';
import { ReviseScopeHandler } from './revise-scope/revise-scope.command';
import { MarketMilestoneHandler } from './shared/market-milestone.command';
import { CompleteCutoverController } from './complete-cutover/complete-cutover.controller';
import { CompleteMarketController } from './complete-market/complete-market.controller';
import { CreateProgramController } from './create-program/create-program.controller';
import { EnrollMarketController } from './enroll-market/enroll-market.controller';
import { PauseMigrationController } from './pause-migration/pause-migration.controller';
import { PurgeSourceDataController } from './purge-source-data/purge-source-data.controller';
import { RecordBatchCopiedController } from './record-batch-copied/record-batch-copied.controller';
import { RecordBatchFailedController } from './record-batch-failed/record-batch-failed.controller';
import { RecordBatchVerifiedController } from './record-batch-verified/record-batch-verified.controller';
import { ResumeMigrationController } from './resume-migration/resume-migration.controller';
import { ReviseDeadlineController } from './revise-deadline/revise-deadline.controller';
import { ReviseScopeController } from './revise-scope/revise-scope.controller';
import { StartMigrationController } from './start-migration/start-migration.controller';

/** Every write route of the API, one use case each. */
export const commandControllers = [
  CreateProgramController,
  ReviseDeadlineController,
  EnrollMarketController,
  ReviseScopeController,
  StartMigrationController,
  PauseMigrationController,
  ResumeMigrationController,
  RecordBatchCopiedController,
  RecordBatchVerifiedController,
  RecordBatchFailedController,
  CompleteCutoverController,
  PurgeSourceDataController,
  CompleteMarketController,
];

/** One handler per use case, in the use case's folder (the four milestones share theirs, as their controller). */
export const commandHandlers = [
  CreateProgramHandler,
  ReviseDeadlineHandler,
  EnrollMarketHandler,
  ReviseScopeHandler,
  MarketMilestoneHandler,
  PauseMigrationHandler,
  RecordBatchCopiedHandler,
  RecordBatchVerifiedHandler,
  RecordBatchFailedHandler,
  PurgeSourceDataHandler,
];
