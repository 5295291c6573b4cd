import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { ProgramParams } from '../shared/identifiers';
import { EnrollMarketCommand } from './enroll-market.command';
import { EnrollMarketDto } from './enroll-market.dto';

@ApiTags('markets')
@Controller('programs/:programId')
export class EnrollMarketController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('markets', 'Enrol a market in the program with its target region and users in scope')
  enroll(
    @Param() { programId }: ProgramParams,
    @Body() body: EnrollMarketDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'EnrollMarket' as const, data: { programId, ...data } };
    return this.commandBus.execute(
      new EnrollMarketCommand(programId, body.market, command, { ...context, occurredAt }),
    );
  }
}
