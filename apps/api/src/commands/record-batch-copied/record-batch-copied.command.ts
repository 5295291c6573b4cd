import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordBatchCopied } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Record that a batch of users was copied to the target region. */
export class RecordBatchCopiedCommand extends MarketStepCommand<RecordBatchCopied> {}

@CommandHandler(RecordBatchCopiedCommand)
export class RecordBatchCopiedHandler implements ICommandHandler<RecordBatchCopiedCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: RecordBatchCopiedCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
