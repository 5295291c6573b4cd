import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { MarketParams } from '../shared/identifiers';
import { ReviseScopeCommand } from './revise-scope.command';
import { ReviseScopeDto } from './revise-scope.dto';

@ApiTags('markets')
@Controller('programs/:programId/markets/:market')
export class ReviseScopeController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('scope', 'Revise the number of users in scope (a reason is required)')
  revise(
    @Param() { programId, market }: MarketParams,
    @Body() body: ReviseScopeDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'ReviseScope' as const, data };
    return this.commandBus.execute(
      new ReviseScopeCommand(programId, market, command, { ...context, occurredAt }),
    );
  }
}
