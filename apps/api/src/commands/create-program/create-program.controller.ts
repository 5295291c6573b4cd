import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { CommandCtx } from '../../write/command-context.decorator';
import { CommandRoute } from '../shared/command-route.decorator';
import { CreateProgramCommand } from './create-program.command';
import { CreateProgramDto } from './create-program.dto';

@ApiTags('programs')
@Controller('programs')
export class CreateProgramController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute('', 'Create a migration program with its deadline')
  create(@Body() body: CreateProgramDto, @CommandCtx() context: CommandContext): Promise<WriteResult> {
    const { occurredAt, timeZone, ...data } = body;
    const command = { type: 'CreateProgram' as const, data: { ...data, timeZone: timeZone ?? 'UTC' } };
    return this.commandBus.execute(
      new CreateProgramCommand(body.programId, command, { ...context, occurredAt }),
    );
  }
}
