import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../errors/api-errors.decorator';
import { HealthResponse } from './health.response';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';
import { EventStoreHealthIndicator } from './event-store.health';
import { ProjectionsHealthIndicator } from './projections.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
  ) {}

  @Get()
  @Public()
  // Its own OpenAPI answers are a generic example (naming databases we do not have): ours are below.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary:
      'Liveness and readiness: 200 when the event store answers and no projection is stopped at a poison event, 503 otherwise',
  })
  @ApiOkResponse({ type: HealthResponse })
  @ApiErrorAnswers([429], {
    503: 'Not ready (`unavailable`): `details` is the health answer, naming the indicator that is down',
  })
  check() {
    return this.health.check([
      () => this.eventStore.check('eventStore'),
      () => this.projections.check('projections'),
    ]);
  }
}
