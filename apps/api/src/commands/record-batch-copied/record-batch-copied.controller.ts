import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { BatchParams } from '../shared/identifiers';
import { RecordBatchCopiedCommand } from './record-batch-copied.command';
import { RecordBatchCopiedDto } from './record-batch-copied.dto';

@ApiTags('batches')
@Controller('programs/:programId/markets/:market/batches/:batchId')
export class RecordBatchCopiedController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute(
    'copied',
    'Record that a batch of users was copied to the target region (also the retry of a failed batch)',
  )
  handle(
    @Param() { programId, market, batchId }: BatchParams,
    @Body() body: RecordBatchCopiedDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'RecordBatchCopied' as const, data: { batchId, ...data } };
    return this.commandBus.execute(
      new RecordBatchCopiedCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
