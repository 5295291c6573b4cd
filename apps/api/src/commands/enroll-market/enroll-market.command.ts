import { CommandHandler } from '@nestjs/cqrs';
import type { EnrollMarket } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Enrol a market in a program: its target region, users in scope and planned start. */
export class EnrollMarketCommand extends MarketStepCommand<EnrollMarket> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(EnrollMarketCommand)
export class EnrollMarketHandler extends MarketStepHandler<EnrollMarketCommand> {}
