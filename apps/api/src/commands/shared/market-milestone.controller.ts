import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from './command-route.decorator';
import { MarketParams } from './identifiers';
import { MarketMilestoneCommand } from './market-milestone.command';
import { StepDto } from './step.dto';

type MilestoneCommand = 'StartMigration' | 'ResumeMigration' | 'CompleteCutover' | 'CompleteMarket';

/**
 * The controller of a market step that carries nothing but its time (start, resume, cutover, complete).
 * Each use case keeps its own folder and class; they differ only in route, command and summary.
 */
export function MarketMilestoneController(route: string, type: MilestoneCommand, summary: string) {
  @ApiTags('markets')
  @Controller('programs/:programId/markets/:market')
  class MilestoneController {
    constructor(readonly commandBus: CommandBus) {}

    @CommandRoute(route, summary)
    // The step carries nothing but an optional time: no body at all is the usual request.
    @ApiBody({ type: StepDto, required: false })
    handle(
      @Param() { programId, market }: MarketParams,
      @Body() { occurredAt }: StepDto,
      @CommandCtx() context: CommandContext,
    ): Promise<WriteResult> {
      const command = { type, data: {} };
      return this.commandBus.execute(
        new MarketMilestoneCommand(programId, market, command, { ...context, occurredAt }),
      );
    }
  }
  return MilestoneController;
}
