import { Injectable } from '@nestjs/common';
import { programDecider, programStreamId, type ProgramCommand, type ProgramState } from '@app/domain';
import type { CommandContext, WriteResult } from './command-context';
import { StreamWriter } from './stream-writer';

/** Writes to a program's stream. */
@Injectable()
export class ProgramWriter {
  constructor(private readonly writer: StreamWriter) {}

  execute(programId: string, command: ProgramCommand, context: CommandContext): Promise<WriteResult> {
    return this.writer.execute(programStreamId(programId), programDecider, command, context);
  }

  async state(programId: string): Promise<ProgramState> {
    return (await this.writer.load(programStreamId(programId), programDecider)).state;
  }
}
