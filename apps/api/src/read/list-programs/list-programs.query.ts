import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '@app/projections';

export class ListProgramsQuery {}

export interface ProgramSummary {
  programId: string;
  name: string;
  sourceRegion: string;
  deadline: string;
  timeZone: string;
  markets: number;
}

@QueryHandler(ListProgramsQuery)
export class ListProgramsHandler implements IQueryHandler<ListProgramsQuery, { programs: ProgramSummary[] }> {
  constructor(private readonly readModels: ReadModels) {}

  async execute(): Promise<{ programs: ProgramSummary[] }> {
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
