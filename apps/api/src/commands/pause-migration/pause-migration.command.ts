import { CommandHandler } from '@nestjs/cqrs';
import type { PauseMigration } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Pause a market's migration, with a reason: no batches until it resumes. */
export class PauseMigrationCommand extends MarketStepCommand<PauseMigration> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(PauseMigrationCommand)
export class PauseMigrationHandler extends MarketStepHandler<PauseMigrationCommand> {}
