import { Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@nestjs/cqrs';
import { programDecider, programStreamId, type ProgramCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '../../write/command-context';
import { StreamWriter } from '../../write/stream-writer';

/** A program-level command on the CommandBus (create, revise deadline), with who asks. */
export abstract class ProgramStepCommand<C extends ProgramCommand> {
  constructor(
    readonly programId: string,
    readonly command: C,
    readonly context: CommandContext,
  ) {}
}

/** What both program handlers do: the program's stream, decided by the program's decider. */
@Injectable()
export abstract class ProgramStepHandler<
  S extends ProgramStepCommand<ProgramCommand>,
> implements ICommandHandler<ProgramStepCommand<ProgramCommand>, WriteResult> {
  constructor(private readonly writer: StreamWriter) {}

  execute({ programId, command, context }: S): Promise<WriteResult> {
    return this.writer.execute(programStreamId(programId), programDecider, command, context);
  }
}
