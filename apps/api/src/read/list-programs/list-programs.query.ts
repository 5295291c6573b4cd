import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadModels, type ProgramSummaryView } from '@app/projections';

export class ListProgramsQuery {}

@QueryHandler(ListProgramsQuery)
export class ListProgramsHandler implements IQueryHandler<
  ListProgramsQuery,
  { programs: ProgramSummaryView[] }
> {
  constructor(private readonly readModels: ReadModels) {}

  async execute(): Promise<{ programs: ProgramSummaryView[] }> {
    return {
      programs: this.readModels.programs().map((p) => ({
        programId: p.program_id,
        name: p.name,
        sourceRegion: p.source_region,
        deadline: p.deadline,
        timeZone: p.time_zone,
        markets: this.readModels.markets(p.program_id).length,
      })),
    };
  }
}
