import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ProgramProgressView } from '@app/projections';
import { SharedProgramProgress } from '../program-stream/shared-program-progress';

export class ProgramProgressQuery {
  constructor(readonly programId: string) {}
}

/**
 * Computed once per state of the read models and second, as for the live streams: a program's progress
 * costs some ms (every market's daily history), and many clients asking at once must not each pay for it.
 */
@QueryHandler(ProgramProgressQuery)
export class ProgramProgressHandler implements IQueryHandler<ProgramProgressQuery, ProgramProgressView> {
  constructor(private readonly progress: SharedProgramProgress) {}

  async execute({ programId }: ProgramProgressQuery): Promise<ProgramProgressView> {
    return this.progress.get(programId);
  }
}
