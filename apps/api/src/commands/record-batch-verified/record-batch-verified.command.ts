import { CommandHandler } from '@nestjs/cqrs';
import type { RecordBatchVerified } from '@app/domain';
import { MarketStepCommand, MarketStepHandler } from '../shared/market-step.command';

/** Record that a copied batch was verified: its users count as migrated. */
export class RecordBatchVerifiedCommand extends MarketStepCommand<RecordBatchVerified> {}

/** Writes to the market's stream (MarketWriter: the program must exist). */
@CommandHandler(RecordBatchVerifiedCommand)
export class RecordBatchVerifiedHandler extends MarketStepHandler<RecordBatchVerifiedCommand> {}
