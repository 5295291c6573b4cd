import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId, type CreateProgram } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { StreamWriter } from '../../write/stream-writer';

/** Create a migration program with its deadline. */
export class CreateProgramCommand {
  constructor(
    readonly programId: string,
    readonly command: CreateProgram,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler implements ICommandHandler<CreateProgramCommand, WriteResult> {
  constructor(private readonly writer: StreamWriter) {}

  execute({ programId, command, context }: CreateProgramCommand): Promise<WriteResult> {
    return this.writer.execute(programStreamId(programId), programDecider, command, context);
  }
}
