import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgressService, type ProgramProgressView } from '@app/projections';

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
