import { Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { MarketCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';

/**
 * A step of one market's migration on the CommandBus: which market, the domain command, and who asks. Each
 * use case has its own subclass next to its controller, and its handler beside it.
 */
export abstract class MarketStepCommand<C extends MarketCommand> {
  constructor(
    readonly programId: string,
    readonly market: string,
    readonly command: C,
    readonly context: CommandContext,
  ) {}
}

/** What every market step's handler does: MarketWriter checks the program exists and writes the market's stream. */
@Injectable()
export abstract class MarketStepHandler<
  S extends MarketStepCommand<MarketCommand>,
> implements ICommandHandler<MarketStepCommand<MarketCommand>, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: S): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
