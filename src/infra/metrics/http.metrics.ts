import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

import { MetricsRegistry } from './metrics.registry.js';

/** Seconds; from a cached lookup (~1 ms) to an LLM call with retries (~10 s). */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `http_request_duration_seconds{method, route, status_code}`, observed in a Fastify `onResponse` hook.
 * `route` is the matched route PATTERN (`/api/v1/dictionary/:word`), never the raw URL, so the number of
 * series stays bounded whatever clients send; requests that matched no route share `route="unmatched"`.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  public constructor(
    private readonly adapterHost: HttpAdapterHost,
    metrics: MetricsRegistry,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [metrics.registry],
    });
  }

  public onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // An application context without HTTP (CLI) has nothing to measure.
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', async (request, reply) => {
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1_000,
      );
    });
  }
}
