import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { MarketParams } from '../shared/identifiers';
import { PurgeSourceDataCommand } from './purge-source-data.command';
import { PurgeSourceDataDto } from './purge-source-data.dto';

@ApiTags('markets')
@Controller('programs/:programId/markets/:market')
export class PurgeSourceDataController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('purge', 'Record that the source copy was purged, with evidence (after cutover)')
  handle(
    @Param() { programId, market }: MarketParams,
    @Body() body: PurgeSourceDataDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'PurgeSourceData' as const, data };
    return this.commandBus.execute(
      new PurgeSourceDataCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
