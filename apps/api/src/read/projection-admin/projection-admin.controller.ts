import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { ProjectionRunner, type ProjectionStatus } from '@app/projections';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import { Roles } from '../../auth/roles.decorator';
import { ProjectionActions } from './projection-actions';
import { ProjectionListResponse, ProjectionStatusResponse } from './projection-admin.response';
import { projectionStatusView, ProjectionNameParams } from './projection-admin.views';

/**
 * Operations on the read side: see every projection's state, rebuild one into new tables while the old
 * ones keep serving, retry or skip a poison event. Operators act; auditors may look. An action is carried out
 * by every replica on the store (see ProjectionActions); the answer shows this replica's state.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionAdminController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly actions: ProjectionActions,
  ) {}

  @Get()
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: 'State, checkpoint and lag of every projection' })
  @ApiOkResponse({ type: ProjectionListResponse })
  @ApiErrorAnswers([401, 403, 429])
  list(): { projections: ReturnType<typeof projectionStatusView>[] } {
    return { projections: this.runner.status().map(projectionStatusView) };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('operator')
  @ApiParam({ name: 'name', example: 'market-progress' })
  @ApiOperation({
    summary: 'Rebuild a projection from the log into new tables; the old ones serve until the swap',
  })
  @ApiAcceptedResponse({
    type: ProjectionStatusResponse,
    description: "the projection's state on this replica",
  })
  @ApiErrorAnswers([400, 401, 403, 404, 413, 415, 429, 503], {
    404: 'No projection of that name (`unknown_projection`)',
  })
  async rebuild(
    @Param() { name }: ProjectionNameParams,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReturnType<typeof projectionStatusView>> {
    await this.actions.rebuild(name, request.principal);
    return this.view(name);
  }

  @Post(':name/retry')
  @HttpCode(202)
  @Roles('operator')
  @ApiOperation({ summary: 'Try a projection stopped at a poison event again (after a fix)' })
  @ApiAcceptedResponse({
    type: ProjectionStatusResponse,
    description: "the projection's state on this replica",
  })
  @ApiErrorAnswers([400, 401, 403, 404, 413, 415, 429, 503], {
    404: 'No projection of that name (`unknown_projection`)',
    409: 'The projection is not stopped at a poison event (`projection_not_failed`)',
  })
  async retry(
    @Param() { name }: ProjectionNameParams,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReturnType<typeof projectionStatusView>> {
    await this.actions.retry(name, request.principal);
    return this.view(name);
  }

  @Post(':name/skip')
  @HttpCode(202)
  @Roles('operator')
  @ApiOperation({ summary: 'Skip the poison event a projection is stopped at (recorded in its state)' })
  @ApiAcceptedResponse({
    type: ProjectionStatusResponse,
    description: "the projection's state on this replica",
  })
  @ApiErrorAnswers([400, 401, 403, 404, 413, 415, 429, 503], {
    404: 'No projection of that name (`unknown_projection`)',
    409: 'The projection is not stopped at a poison event (`projection_not_failed`)',
  })
  async skip(
    @Param() { name }: ProjectionNameParams,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReturnType<typeof projectionStatusView>> {
    await this.actions.skip(name, request.principal);
    return this.view(name);
  }

  private view(name: string): ReturnType<typeof projectionStatusView> {
    const status = this.runner.status().find((p: ProjectionStatus) => p.name === name);
    return projectionStatusView(status!);
  }
}
