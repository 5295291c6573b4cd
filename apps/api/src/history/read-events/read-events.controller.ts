import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { EventPageResponse } from '../event.response';
import { Roles } from '../../auth/roles.decorator';
import { historyFilter } from '../history-filter';
import { ReadEventsDto } from './read-events.dto';
import { ReadEventsQuery, type EventPage } from './read-events.query';

@ApiTags('history')
@ApiBearerAuth()
@Controller('events')
export class ReadEventsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary:
      'The global log in order, with full envelopes, one page at a time; filters by actor, type, both times',
  })
  @ApiOkResponse({ type: EventPageResponse })
  @ApiErrorAnswers([400, 401, 403, 429, 503])
  read(@Query() query: ReadEventsDto): Promise<EventPage> {
    return this.queryBus.execute(
      new ReadEventsQuery(query.fromPosition, query.limit ?? 100, historyFilter(query)),
    );
  }
}
