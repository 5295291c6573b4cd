import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { ProgramParams } from '../shared/identifiers';
import { ReviseDeadlineCommand } from './revise-deadline.command';
import { ReviseDeadlineDto } from './revise-deadline.dto';

@ApiTags('programs')
@Controller('programs/:programId')
export class ReviseDeadlineController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('deadline', 'Revise the program deadline (a reason is required)')
  revise(
    @Param() { programId }: ProgramParams,
    @Body() body: ReviseDeadlineDto,
    @CommandCtx() context: CommandContext,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const command = { type: 'ReviseDeadline' as const, data };
    return this.commandBus.execute(new ReviseDeadlineCommand(programId, command, { ...context, occurredAt }));
  }
}
