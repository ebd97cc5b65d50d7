import { Global, Module } from '@nestjs/common';

import { AppCollectors } from './app.collectors.js';
import { HttpMetrics } from './http.metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { UpstreamMetrics } from './upstream.metrics.js';

/**
 * `GET /metrics` (Prometheus) from this instance's own registry: HTTP durations by route, upstream calls
 * and latency, the infrastructure's counters and circuit breakers, and the metrics each feature module
 * registers (`MetricsRegistry.add`). Global so features can register theirs and the admin stats can read
 * `UpstreamMetrics`.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, HttpMetrics, UpstreamMetrics, AppCollectors, MetricsTokenGuard],
  exports: [MetricsRegistry, UpstreamMetrics],
})
export class MetricsModule {}
