import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ProgramCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { ProgramWriter } from '../../write/program-writer';

/** A program-level command (create, revise deadline), carried on the CommandBus. */
export class ExecuteProgramCommand {
  constructor(
    readonly programId: string,
    readonly command: ProgramCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteProgramCommand)
export class ExecuteProgramCommandHandler implements ICommandHandler<ExecuteProgramCommand, WriteResult> {
  constructor(private readonly programs: ProgramWriter) {}

  execute({ programId, command, context }: ExecuteProgramCommand): Promise<WriteResult> {
    return this.programs.execute(programId, command, context);
  }
}
