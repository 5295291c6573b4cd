import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgressService } from '../progress.service';
import type { ProgramProgressView } from '../progress.views';

export class ProgramProgressQuery {
  constructor(readonly programId: string) {}
}

@QueryHandler(ProgramProgressQuery)
export class ProgramProgressHandler implements IQueryHandler<ProgramProgressQuery, ProgramProgressView> {
  constructor(private readonly progress: ProgressService) {}

  async execute({ programId }: ProgramProgressQuery): Promise<ProgramProgressView> {
    return this.progress.programProgress(programId);
  }
}
