import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ProgramParams } from '../../commands/shared/identifiers';
import { QueryRoute } from '../query-route.decorator';
import { ReadConsistency } from '../read-consistency';
import { TimelineDto } from './timeline.dto';
import type { TimelineStepView } from '@app/projections';
import { TimelineQuery } from './timeline.query';
import { TimelineResponse } from './timeline.response';

@ApiTags('progress')
@Controller('programs/:programId')
export class TimelineController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly consistency: ReadConsistency,
  ) {}

  @QueryRoute(
    'timeline',
    'The latest steps of the program (or one market), newest first by when they happened',
    TimelineResponse,
  )
  async timeline(
    @Param() { programId }: ProgramParams,
    @Query() query: TimelineDto,
  ): Promise<{ steps: TimelineStepView[] }> {
    await this.consistency.reach(query.minPosition);
    return this.queryBus.execute(new TimelineQuery(programId, query.market, query.limit ?? 50));
  }
}
