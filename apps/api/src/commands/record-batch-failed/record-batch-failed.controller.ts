import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { BatchParams } from '../shared/identifiers';
import { RecordBatchFailedCommand } from './record-batch-failed.command';
import { RecordBatchFailedDto } from './record-batch-failed.dto';

@ApiTags('batches')
@Controller('programs/:programId/markets/:market/batches/:batchId')
export class RecordBatchFailedController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('failed', 'Record that a copied batch failed verification (copy it again to retry)')
  handle(
    @Param() { programId, market, batchId }: BatchParams,
    @Body() body: RecordBatchFailedDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'RecordBatchFailed' as const, data: { batchId, ...data } };
    return this.commandBus.execute(
      new RecordBatchFailedCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
