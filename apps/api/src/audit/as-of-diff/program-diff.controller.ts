import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { ProgramParams } from '../../commands/shared/identifiers';
import { ProgramDiffDto } from './program-diff.dto';
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
  diff(@Param() { programId }: ProgramParams, @Query() query: ProgramDiffDto): Promise<ProgramDiffView> {
    return this.queryBus.execute(
      new ProgramDiffQuery(programId, new Date(query.from), new Date(query.to), query.basis ?? 'recorded'),
    );
  }
}
