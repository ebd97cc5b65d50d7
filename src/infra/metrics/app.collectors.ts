import { Injectable, OnModuleInit } from '@nestjs/common';

import { LATENCY_BUCKETS_MS } from '#src/infra/cache/metrics/cache-metrics.js';

import { MetricSources } from './metric-sources.js';
import { MetricsRegistry } from './metrics.registry.js';
import { type Sample, ScrapedHistogram, ScrapedValue } from './scraped-metric.js';

const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;
const BOUNDS_SECONDS = LATENCY_BUCKETS_MS.map((ms) => ms / 1_000);

/**
 * The other modules' counters as Prometheus metrics, read at scrape time: the layered cache, the rate
 * limiter, Gemini usage, the write-behind buffers and the upstream circuit breakers.
 */
@Injectable()
export class AppCollectors implements OnModuleInit {
  public constructor(
    private readonly metrics: MetricsRegistry,
    private readonly sources: MetricSources,
  ) {}

  public onModuleInit(): void {
    for (const metric of [...this.cacheMetrics(), ...this.llmMetrics(), ...this.operationalMetrics()])
      this.metrics.add(metric);
  }

  private cacheMetrics() {
    const namespaces = () => Object.entries(this.sources.cache.snapshot().namespaces);
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
        { value: this.sources.cache.snapshot().l1.size },
      ]),
      new ScrapedValue(
        'cache_redis_pending_repairs',
        'Keys Redis missed during an outage, to delete there once it is back.',
        'gauge',
        () => [{ value: this.sources.cache.snapshot().redis.pendingRepairs }],
      ),
      new ScrapedValue(
        'cache_redis_circuit_open',
        '1 while the circuit around Redis is open or half-open (the Redis tier is skipped).',
        'gauge',
        () => {
          const breaker = this.sources.cache.snapshot().redis.breaker;
          return [{ value: breaker === 'open' || breaker === 'half-open' ? 1 : 0 }];
        },
      ),
    ];
  }

  private llmMetrics() {
    const gemini = () => this.sources.correction()?.gemini;
    return [
      new ScrapedValue(
        'gemini_tokens_total',
        'Gemini tokens billed, by kind (prompt, completion).',
        'counter',
        () => {
          const g = gemini();
          return g
            ? [
                { labels: { kind: 'prompt' }, value: g.promptTokens },
                { labels: { kind: 'completion' }, value: g.completionTokens },
              ]
            : [];
        },
      ),
      new ScrapedValue(
        'gemini_estimated_cost_usd_total',
        'Estimated Gemini cost in USD, from the configured token prices.',
        'counter',
        () => {
          const g = gemini();
          return g ? [{ value: g.costUsd }] : [];
        },
      ),
      new ScrapedValue('gemini_calls_total', 'Gemini calls that returned an answer.', 'counter', () => {
        const g = gemini();
        return g ? [{ value: g.calls }] : [];
      }),
    ];
  }

  private operationalMetrics() {
    return [
      new ScrapedValue(
        'rate_limit_rejections_total',
        'Requests refused with 429, by rate-limit policy.',
        'counter',
        () =>
          Object.entries(this.sources.rateLimit.snapshot().rejectionsByPolicy).map(([policy, value]) => ({
            labels: { policy },
            value,
          })),
      ),
      new ScrapedValue(
        'write_behind_buffer_depth',
        'Items waiting in a write-behind buffer (llm_usage events, dictionary lookup counts).',
        'gauge',
        async () => {
          const samples: Sample[] = [];
          const correction = this.sources.correction();
          if (correction)
            samples.push({ labels: { buffer: 'llm_usage' }, value: await correction.usageBufferDepth() });
          const lookups = this.sources.dictionaryLookups();
          if (lookups) samples.push({ labels: { buffer: 'dictionary_lookups' }, value: lookups.depth });
          return samples;
        },
      ),
      new ScrapedValue(
        'local_checker_queue_depth',
        'Local checks (Harper) waiting for a worker thread; past 32 per thread the service answers 503.',
        'gauge',
        () => {
          const local = this.sources.correction()?.localChecker();
          return local ? [{ labels: {}, value: local.queued }] : [];
        },
      ),
      new ScrapedValue(
        'local_checker_threads',
        'Worker threads of the local checker (0 until the first local check starts the pool).',
        'gauge',
        () => {
          const local = this.sources.correction()?.localChecker();
          return local ? [{ labels: {}, value: local.threads }] : [];
        },
      ),
      new ScrapedValue(
        'upstream_circuit_state',
        '1 for the current state of each upstream circuit breaker.',
        'gauge',
        () =>
          this.sources.circuits().flatMap((c) =>
            CIRCUIT_STATES.map((state) => ({
              labels: { upstream: c.upstream, state },
              value: c.state === state ? 1 : 0,
            })),
          ),
      ),
    ];
  }
}
