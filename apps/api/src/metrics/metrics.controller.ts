import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';
import { AppMetrics } from './metrics.registry';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @Public()
  @UseGuards(MetricsTokenGuard)
  @ApiBearerAuth()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus metrics: HTTP, commands, appends, projections and per-market progress (bearer METRICS_TOKEN when set)',
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
