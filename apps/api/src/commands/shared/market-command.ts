import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { MarketCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';

/** A step of one market's migration, carried on the CommandBus. Controllers build the domain command. */
export class ExecuteMarketCommand {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly command: MarketCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteMarketCommand)
export class ExecuteMarketCommandHandler implements ICommandHandler<ExecuteMarketCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: ExecuteMarketCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
