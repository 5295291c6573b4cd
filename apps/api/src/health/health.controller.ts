import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @HealthCheck()
  @ApiOperation({
    summary:
      'Liveness and readiness: 200 when the event store answers and no projection is stopped at a poison event, 503 otherwise',
  })
  check() {
    return this.health.check([
      () => this.eventStore.check('eventStore'),
      () => this.projections.check('projections'),
    ]);
  }
}
