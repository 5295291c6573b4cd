import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ProgramParams } from '../../commands/shared/identifiers';
import type { ProgramProgressView } from '../progress.views';
import { QueryRoute } from '../query-route.decorator';
import { ReadConsistency, ReadConsistencyDto } from '../read-consistency';
import { ProgramProgressQuery } from './program-progress.query';

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
  )
  async progress(
    @Param() { programId }: ProgramParams,
    @Query() query: ReadConsistencyDto,
  ): Promise<ProgramProgressView> {
    await this.consistency.reach(query.minPosition);
    return this.queryBus.execute(new ProgramProgressQuery(programId));
  }
}
