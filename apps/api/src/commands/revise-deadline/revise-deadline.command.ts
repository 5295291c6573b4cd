import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId, type ReviseDeadline } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { StreamWriter } from '../../write/stream-writer';

/** Revise a program's deadline, with a reason. */
export class ReviseDeadlineCommand {
  constructor(
    readonly programId: string,
    readonly command: ReviseDeadline,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ReviseDeadlineCommand)
export class ReviseDeadlineHandler implements ICommandHandler<ReviseDeadlineCommand, WriteResult> {
  constructor(private readonly writer: StreamWriter) {}

  execute({ programId, command, context }: ReviseDeadlineCommand): Promise<WriteResult> {
    return this.writer.execute(programStreamId(programId), programDecider, command, context);
  }
}
