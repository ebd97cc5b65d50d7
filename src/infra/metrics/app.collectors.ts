import { Injectable, OnModuleInit } from '@nestjs/common';

import { CacheMetrics, LATENCY_BUCKETS_MS } from '#src/infra/cache/metrics/cache-metrics.js';
import { RateLimitMetrics } from '#src/infra/rate-limit/rate-limit.metrics.js';
import type { CircuitStats } from '#src/infra/resilience/circuit-breaker.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import { MetricsRegistry } from './metrics.registry.js';
import { type Labels, type Sample, ScrapedHistogram, ScrapedValue } from './scraped-metric.js';

const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;
const BOUNDS_SECONDS = LATENCY_BUCKETS_MS.map((ms) => ms / 1_000);

/** One sample per state: 1 for the breaker's current one. */
function stateSamples(c: CircuitStats, labels: Labels): Sample[] {
  return CIRCUIT_STATES.map((state) => ({ labels: { ...labels, state }, value: c.state === state ? 1 : 0 }));
}

/**
 * The shared infrastructure's counters as Prometheus metrics, read at scrape time: the layered cache, the
 * rate limiter and every circuit breaker. Features register their own metrics (e.g. `CorrectionCollectors`).
 */
@Injectable()
export class AppCollectors implements OnModuleInit {
  public constructor(
    private readonly metrics: MetricsRegistry,
    private readonly cache: CacheMetrics,
    private readonly rateLimit: RateLimitMetrics,
    private readonly breakers: CircuitBreakerRegistry,
  ) {}

  public onModuleInit(): void {
    for (const metric of [...this.cacheMetrics(), ...this.operationalMetrics()]) this.metrics.add(metric);
  }

  private cacheMetrics() {
    const namespaces = () => Object.entries(this.cache.snapshot().namespaces);
    const perLayer = (pick: (s: { hits: number; misses: number; errors: number }) => Sample[]) =>
      namespaces().flatMap(([namespace, ns]) =>
        Object.entries(ns.layers).flatMap(([layer, stats]) =>
          pick(stats).map((s) => ({ ...s, labels: { namespace, layer, ...s.labels } })),
        ),
      );
    return [
      new ScrapedValue(
        'cache_requests_total',
        'Cache reads by namespace, layer (l1, redis, postgres, upstream) and result (hit, miss).',
        'counter',
        () =>
          perLayer((s) => [
            { labels: { result: 'hit' }, value: s.hits },
            { labels: { result: 'miss' }, value: s.misses },
          ]),
      ),
      new ScrapedValue(
        'cache_errors_total',
        'Failed reads or writes of a cache layer (the layer was skipped).',
        'counter',
        () => perLayer((s) => [{ value: s.errors }]),
      ),
      new ScrapedValue(
        'cache_stale_served_total',
        'Stale values served while a refresh ran, by namespace.',
        'counter',
        () => namespaces().map(([namespace, ns]) => ({ labels: { namespace }, value: ns.staleServed })),
      ),
      new ScrapedHistogram(
        'cache_layer_duration_seconds',
        'Read time of the cache tiers; load time of stores and upstreams.',
        () =>
          namespaces().flatMap(([namespace, ns]) =>
            Object.entries(ns.layers)
              .filter(([, s]) => s.latency.count > 0)
              .map(([layer, s]) => ({
                labels: { namespace, layer },
                bounds: BOUNDS_SECONDS,
                cumulative: s.latency.buckets,
                sum: s.latency.sumMs / 1_000,
                count: s.latency.count,
              })),
          ),
      ),
      new ScrapedValue('cache_l1_entries', 'Entries in this instance’s in-process cache.', 'gauge', () => [
        { value: this.cache.snapshot().l1.size },
      ]),
      new ScrapedValue(
        'cache_redis_pending_repairs',
        'Keys Redis missed during an outage, to delete there once it is back.',
        'gauge',
        () => [{ value: this.cache.snapshot().redis.pendingRepairs }],
      ),
      new ScrapedValue(
        'cache_redis_circuit_open',
        '1 while the circuit around Redis is open or half-open (the Redis tier is skipped). ' +
          'Kept for existing dashboards: circuit_breaker_state{circuit="redis"} says the same.',
        'gauge',
        () => {
          const breaker = this.cache.snapshot().redis.breaker;
          return [{ value: breaker === 'open' || breaker === 'half-open' ? 1 : 0 }];
        },
      ),
    ];
  }

  private operationalMetrics() {
    return [
      new ScrapedValue(
        'rate_limit_rejections_total',
        'Requests refused with 429, by rate-limit policy.',
        'counter',
        () =>
          Object.entries(this.rateLimit.snapshot().rejectionsByPolicy).map(([policy, value]) => ({
            labels: { policy },
            value,
          })),
      ),
      new ScrapedValue(
        'upstream_circuit_state',
        '1 for the current state of each upstream circuit breaker. ' +
          'Kept for existing dashboards: circuit_breaker_state{kind="upstream"} says the same.',
        'gauge',
        () =>
          this.breakers
            .stats()
            .filter((c) => c.kind === 'upstream')
            .flatMap((c) => stateSamples(c, { upstream: c.name })),
      ),
      new ScrapedValue(
        'circuit_breaker_state',
        '1 for the current state of each circuit breaker (datastores and upstreams).',
        'gauge',
        () => this.breakers.stats().flatMap((c) => stateSamples(c, { circuit: c.name, kind: c.kind })),
      ),
      new ScrapedValue(
        'circuit_breaker_openings_total',
        'How many times each circuit breaker has opened.',
        'counter',
        () => this.breakers.stats().map((c) => ({ labels: { circuit: c.name }, value: c.openings })),
      ),
    ];
  }
}
