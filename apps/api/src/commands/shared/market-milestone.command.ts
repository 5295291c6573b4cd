import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CompleteCutover, CompleteMarket, ResumeMigration, StartMigration } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from './market-step.command';

export type MilestoneStep = StartMigration | ResumeMigration | CompleteCutover | CompleteMarket;

/** A market step that carries nothing but its time: start, resume, cutover, complete. */
export class MarketMilestoneCommand extends MarketStepCommand<MilestoneStep> {}

@CommandHandler(MarketMilestoneCommand)
export class MarketMilestoneHandler implements ICommandHandler<MarketMilestoneCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: MarketMilestoneCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
