import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { ProgramDiffResponse } from './program-diff.response';
import { Roles } from '../../auth/roles.decorator';
import { ProgramParams } from '../../commands/shared/identifiers';
import { ProgramDiffDto } from './program-diff.dto';
import { stringifyInSlices } from './json-in-slices';
import { ProgramDiffQuery, type ProgramDiffView } from './program-diff.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('programs/:programId/diff')
export class ProgramDiffController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary: 'What changed in each market between two instants, and the events that changed it',
  })
  @ApiOkResponse({ type: ProgramDiffResponse })
  @ApiErrorAnswers([400, 401, 403, 404, 429], {
    503: '`replays_busy`: every replay slot and the queue are taken (AS_OF_CONCURRENCY, AS_OF_QUEUE); see Retry-After',
  })
  // Sent as the JSON text of a ProgramDiffView, written in slices: it can list thousands of events.
  @Header('content-type', 'application/json; charset=utf-8')
  async diff(@Param() { programId }: ProgramParams, @Query() query: ProgramDiffDto): Promise<string> {
    const view = await this.queryBus.execute<ProgramDiffQuery, ProgramDiffView>(
      new ProgramDiffQuery(programId, new Date(query.from), new Date(query.to), query.basis ?? 'recorded'),
    );
    return stringifyInSlices(view);
  }
}
