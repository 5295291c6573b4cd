import { CommandHandler } from '@nestjs/cqrs';
import type { RecordBatchCopied } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Record that a batch of users was copied to the target region. */
export class RecordBatchCopiedCommand extends MarketStepCommand<RecordBatchCopied> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(RecordBatchCopiedCommand)
export class RecordBatchCopiedHandler extends MarketStepHandler<RecordBatchCopiedCommand> {}
