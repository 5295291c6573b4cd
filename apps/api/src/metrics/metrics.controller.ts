import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../errors/api-errors.decorator';
import { METRICS_TOKEN_SCHEME } from '../bootstrap/swagger';
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
  // METRICS_TOKEN when set, nothing otherwise: either requirement may hold.
  @ApiSecurity(METRICS_TOKEN_SCHEME)
  @ApiSecurity({})
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus metrics: HTTP, commands, appends, projections and per-market progress (bearer METRICS_TOKEN when set)',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrorAnswers([429], { 401: 'METRICS_TOKEN is set and was not sent (`unauthorized`)' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
