import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PurgeSourceData } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Record that the source data of a cut-over market was purged, with evidence. */
export class PurgeSourceDataCommand extends MarketStepCommand<PurgeSourceData> {}

@CommandHandler(PurgeSourceDataCommand)
export class PurgeSourceDataHandler implements ICommandHandler<PurgeSourceDataCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: PurgeSourceDataCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
