import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { EventPageResponse } from '../event.response';
import { Roles } from '../../auth/roles.decorator';
import { ProgramParams } from '../../commands/shared/identifiers';
import type { EventPage } from '../read-events/read-events.query';
import { historyFilter } from '../history-filter';
import { ReadProgramEventsDto } from './read-program-events.dto';
import { ReadProgramEventsQuery } from './read-program-events.query';

@ApiTags('history')
@ApiBearerAuth()
@Controller('programs/:programId/events')
export class ReadProgramEventsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: "A program's history (program and all its markets) in log order, with filters" })
  @ApiOkResponse({ type: EventPageResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429, 503])
  read(@Param() { programId }: ProgramParams, @Query() query: ReadProgramEventsDto): Promise<EventPage> {
    return this.queryBus.execute(
      new ReadProgramEventsQuery(programId, query.fromPosition, query.limit ?? 100, historyFilter(query)),
    );
  }
}
