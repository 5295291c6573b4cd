import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { MarketParams } from '../shared/identifiers';
import { ExecuteMarketCommand } from '../shared/market-command';
import { StepDto } from '../shared/step.dto';

@ApiTags('markets')
@Controller('programs/:programId/markets/:market')
export class CompleteCutoverController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('cutover', 'Cut the market over to the target region (all users in scope verified)')
  handle(
    @Param() { programId, market }: MarketParams,
    @Body() body: StepDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'CompleteCutover' as const, data };
    return this.commandBus.execute(
      new ExecuteMarketCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
