import { Injectable } from '@nestjs/common';
import {
  marketDecider,
  marketStreamId,
  programDecider,
  ProgramNotFoundError,
  programStreamId,
  type MarketCommand,
} from '@app/domain';
import type { CommandContext, WriteResult } from './command-context';
import { StreamWriter } from './stream-writer';

/** Writes to a market's stream, once the program it belongs to is known to exist. */
@Injectable()
export class MarketWriter {
  constructor(private readonly writer: StreamWriter) {}

  async execute(
    programId: string,
    market: string,
    command: MarketCommand,
    context: CommandContext,
  ): Promise<WriteResult> {
    await this.requireProgram(programId);
    return this.writer.execute(marketStreamId(programId, market), marketDecider, command, context);
  }

  async requireProgram(programId: string): Promise<void> {
    const { state } = await this.writer.load(programStreamId(programId), programDecider);
    if (state.status === 'absent') throw new ProgramNotFoundError({ programId, in: 'stream' });
  }
}
