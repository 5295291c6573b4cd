import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ReviseScope } from '@app/domain';
import type { WriteResult } from '../../write/command-context';
import { MarketWriter } from '../../write/market-writer';
import { MarketStepCommand } from '../shared/market-step.command';

/** Revise the users in scope of a market, with a reason. */
export class ReviseScopeCommand extends MarketStepCommand<ReviseScope> {}

@CommandHandler(ReviseScopeCommand)
export class ReviseScopeHandler implements ICommandHandler<ReviseScopeCommand, WriteResult> {
  constructor(private readonly markets: MarketWriter) {}

  execute({ programId, market, command, context }: ReviseScopeCommand): Promise<WriteResult> {
    return this.markets.execute(programId, market, command, context);
  }
}
