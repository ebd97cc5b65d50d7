import { Global, Module } from '@nestjs/common';

import { AppCollectors } from './app.collectors.js';
import { HttpMetrics } from './http.metrics.js';
import { MetricSources } from './metric-sources.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { UpstreamMetrics } from './upstream.metrics.js';

/**
 * `GET /metrics` (Prometheus) from this instance's own registry: HTTP durations by route, upstream calls
 * and latency, and the other modules' counters read at scrape time. Global so the admin stats can read
 * the same sources (`MetricSources`, `UpstreamMetrics`).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, MetricSources, HttpMetrics, UpstreamMetrics, AppCollectors, MetricsTokenGuard],
  exports: [MetricsRegistry, MetricSources, UpstreamMetrics],
})
export class MetricsModule {}
