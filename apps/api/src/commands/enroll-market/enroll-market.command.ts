import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EnrollMarket } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Enrol a market in a program: its target region, users in scope and planned start. */
export class EnrollMarketCommand extends MarketStepCommand<EnrollMarket> {}

@CommandHandler(EnrollMarketCommand)
export class EnrollMarketHandler implements ICommandHandler<EnrollMarketCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: EnrollMarketCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
