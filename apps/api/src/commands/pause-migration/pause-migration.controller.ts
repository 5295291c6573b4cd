import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { MarketParams } from '../shared/identifiers';
import { PauseMigrationCommand } from './pause-migration.command';
import { PauseMigrationDto } from './pause-migration.dto';

@ApiTags('markets')
@Controller('programs/:programId/markets/:market')
export class PauseMigrationController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('pause', 'Pause the migration (a reason is required)')
  handle(
    @Param() { programId, market }: MarketParams,
    @Body() body: PauseMigrationDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'PauseMigration' as const, data };
    return this.commandBus.execute(
      new PauseMigrationCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
