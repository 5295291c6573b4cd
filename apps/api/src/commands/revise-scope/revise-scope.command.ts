import { CommandHandler } from '@nestjs/cqrs';
import type { ReviseScope } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Revise the users in scope of a market, with a reason. */
export class ReviseScopeCommand extends MarketStepCommand<ReviseScope> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(ReviseScopeCommand)
export class ReviseScopeHandler extends MarketStepHandler<ReviseScopeCommand> {}
