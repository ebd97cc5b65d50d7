import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

import { Public } from '#src/infra/http/public.decorator.js';

import { MetricsRegistry } from './metrics.registry.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('metrics')
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  public constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', PROMETHEUS_TEXT)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus metrics of this instance',
    description:
      'Text exposition format. Not rate limited and outside `/api/v1`. When `METRICS_TOKEN` is set, send it as a bearer token.',
  })
  @ApiProduces(PROMETHEUS_TEXT)
  @ApiOkResponse({ description: 'Metrics in the Prometheus text format.', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({
    description: '`METRICS_TOKEN` is set and the bearer token is missing or wrong.',
  })
  public scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
