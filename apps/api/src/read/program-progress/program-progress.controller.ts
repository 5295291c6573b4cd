import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ProgramParams } from '../../commands/shared/identifiers';
import { QueryRoute } from '../query-route.decorator';
import { AsOfProgramProgressQuery } from '../../audit/as-of/as-of-progress.query';
import { ProgressAsOfDto } from '../progress-as-of.dto';
import { ReadConsistency } from '../read-consistency';
import { ProgramProgressQuery } from './program-progress.query';
import { ProgramProgressResponse } from './program-progress.response';
import { type ProgramProgressView } from '@app/projections';

@ApiTags('progress')
@Controller('programs/:programId')
export class ProgramProgressController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly consistency: ReadConsistency,
  ) {}

  @QueryRoute(
    'progress',
    'Every market of the program against the deadline: status, rates, totals, the riskiest market',
    ProgramProgressResponse,
    { asOf: true },
  )
  async progress(
    @Param() { programId }: ProgramParams,
    @Query() query: ProgressAsOfDto,
  ): Promise<ProgramProgressView> {
    await this.consistency.reach(query.minPosition);
    if (query.asOf !== undefined) {
      const asOf = new Date(query.asOf);
      return this.queryBus.execute(new AsOfProgramProgressQuery(programId, asOf, query.basis ?? 'recorded'));
    }
    return this.queryBus.execute(new ProgramProgressQuery(programId));
  }
}
