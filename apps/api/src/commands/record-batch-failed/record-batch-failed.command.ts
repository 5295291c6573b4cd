import { CommandHandler } from '@nestjs/cqrs';
import type { RecordBatchFailed } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Record that a batch failed, with a reason: it may be copied again. */
export class RecordBatchFailedCommand extends MarketStepCommand<RecordBatchFailed> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(RecordBatchFailedCommand)
export class RecordBatchFailedHandler extends MarketStepHandler<RecordBatchFailedCommand> {}
