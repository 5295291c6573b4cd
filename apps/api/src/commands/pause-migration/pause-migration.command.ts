import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PauseMigration } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Pause a market's migration, with a reason: no batches until it resumes. */
export class PauseMigrationCommand extends MarketStepCommand<PauseMigration> {}

@CommandHandler(PauseMigrationCommand)
export class PauseMigrationHandler implements ICommandHandler<PauseMigrationCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: PauseMigrationCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
