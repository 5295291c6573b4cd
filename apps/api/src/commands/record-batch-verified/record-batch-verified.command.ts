import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordBatchVerified } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Record that a copied batch was verified: its users count as migrated. */
export class RecordBatchVerifiedCommand extends MarketStepCommand<RecordBatchVerified> {}

@CommandHandler(RecordBatchVerifiedCommand)
export class RecordBatchVerifiedHandler implements ICommandHandler<RecordBatchVerifiedCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: RecordBatchVerifiedCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
