import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryRoute } from '../query-route.decorator';
import { ReadConsistency, ReadConsistencyDto } from '../read-consistency';
import type { ProgramSummaryView } from '@app/projections';
import { ListProgramsQuery } from './list-programs.query';
import { ProgramListResponse } from './list-programs.response';

@ApiTags('progress')
@Controller('programs')
export class ListProgramsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly consistency: ReadConsistency,
  ) {}

  @QueryRoute('', 'Every program with its deadline and number of markets', ProgramListResponse)
  async list(@Query() query: ReadConsistencyDto): Promise<{ programs: ProgramSummaryView[] }> {
    await this.consistency.reach(query.minPosition);
    return this.queryBus.execute(new ListProgramsQuery());
  }
}
