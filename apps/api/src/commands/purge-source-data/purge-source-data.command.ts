import { CommandHandler } from '@nestjs/cqrs';
import type { PurgeSourceData } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Record that the source data of a cut-over market was purged, with evidence. */
export class PurgeSourceDataCommand extends MarketStepCommand<PurgeSourceData> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(PurgeSourceDataCommand)
export class PurgeSourceDataHandler extends MarketStepHandler<PurgeSourceDataCommand> {}
