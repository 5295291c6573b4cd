import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordBatchFailed } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Record that a batch failed, with a reason: it may be copied again. */
export class RecordBatchFailedCommand extends MarketStepCommand<RecordBatchFailed> {}

@CommandHandler(RecordBatchFailedCommand)
export class RecordBatchFailedHandler implements ICommandHandler<RecordBatchFailedCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: RecordBatchFailedCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
