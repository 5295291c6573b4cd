import { CommandHandler } from '@nestjs/cqrs';
import type { CompleteCutover, CompleteMarket, ResumeMigration, StartMigration } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from './market-step.command';

export type MilestoneStep = StartMigration | ResumeMigration | CompleteCutover | CompleteMarket;

/** A market step that carries nothing but its time: start, resume, cutover, complete. */
export class MarketMilestoneCommand extends MarketStepCommand<MilestoneStep> {}

@CommandHandler(MarketMilestoneCommand)
export class MarketMilestoneHandler extends MarketStepHandler<MarketMilestoneCommand> {}
