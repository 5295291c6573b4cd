import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { BatchParams } from '../shared/identifiers';
import { RecordBatchVerifiedCommand } from './record-batch-verified.command';
import { RecordBatchVerifiedDto } from './record-batch-verified.dto';

@ApiTags('batches')
@Controller('programs/:programId/markets/:market/batches/:batchId')
export class RecordBatchVerifiedController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('verified', 'Record that a copied batch was verified; verified users count as migrated')
  handle(
    @Param() { programId, market, batchId }: BatchParams,
    @Body() body: RecordBatchVerifiedDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'RecordBatchVerified' as const, data: { batchId, ...data } };
    return this.commandBus.execute(
      new RecordBatchVerifiedCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
