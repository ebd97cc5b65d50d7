import { Injectable, Logger } from '@nestjs/common';

import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { LlmUsageService } from '#src/correction/usage/llm-usage.service.js';
import { DictionaryLookupCounter } from '#src/dictionary/dictionary-lookup-counter.js';
import type { CacheLayerName, NamespaceName } from '#src/infra/cache/cache.types.js';
import { CacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import type { LayerStats, NamespaceStats } from '#src/infra/cache/metrics/cache-metrics.js';
import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';
import { UpstreamMetrics } from '#src/infra/metrics/upstream.metrics.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import type { CacheStats, LayerView, NamespaceView, UpstreamView } from './admin-cache.schemas.js';
import { RedisInfoReader } from './redis-info.reader.js';
import { RedisKeyspaceReader } from './redis-keyspace.reader.js';

const LAYERS: CacheLayerName[] = ['l1', 'redis', 'postgres', 'upstream'];

/**
 * `GET /admin/cache/stats`: this instance's cache counters (per namespace and layer, since start) next to
 * what is shared (keys in Redis, Redis' INFO, today's Gemini usage). Each shared part that cannot be read
 * (Redis down) is reported as null with the reason, never as a failed request.
 */
@Injectable()
export class CacheStatsService {
  private readonly logger = new Logger(CacheStatsService.name);

  public constructor(
    private readonly cache: CacheMetrics,
    private readonly cacheNamespaces: CacheNamespaces,
    private readonly upstreamCalls: UpstreamMetrics,
    private readonly breakers: CircuitBreakerRegistry,
    private readonly keyspace: RedisKeyspaceReader,
    private readonly redisInfo: RedisInfoReader,
    private readonly llmUsage: LlmUsageService,
    private readonly correction: CorrectionMetrics,
    private readonly dictionaryLookups: DictionaryLookupCounter,
  ) {}

  public async stats(): Promise<CacheStats> {
    const snapshot = this.cache.snapshot();
    const [keys, server, today, bufferedEvents] = await Promise.all([
      this.attempt('redis key count', () => this.keyspace.countKeys()),
      this.attempt('redis info', () => this.redisInfo.read()),
      this.attempt('llm usage today', () => this.llmUsage.everyoneToday()),
      this.correction.usageBufferDepth(),
    ]);
    const namespaces = Object.fromEntries(
      this.cacheNamespaces
        .names()
        .map((ns) => [
          ns,
          namespaceView(
            snapshot.namespaces[ns],
            keys.value?.byNamespace[ns] ?? null,
            snapshot.l1.enabled && this.cacheNamespaces.get(ns).l1,
          ),
        ]),
    ) as Record<NamespaceName, NamespaceView>;
    return {
      takenAt: snapshot.takenAt,
      scope:
        'Hits, misses and errors: this instance since it started. Keys, Redis and LLM usage: shared by every instance.',
      namespaces,
      l1: snapshot.l1,
      redis: {
        configured: snapshot.redis.configured,
        breaker: snapshot.redis.breaker,
        breakerOpenings: snapshot.redis.breakerOpenings,
        pendingRepairs: snapshot.redis.pendingRepairs,
        otherAppKeys: keys.value?.other ?? null,
        keyCountCapped: keys.value?.capped ?? false,
        server: server.value,
        ...(keys.error || server.error ? { error: keys.error ?? server.error } : {}),
      },
      bus: snapshot.bus,
      upstreams: this.upstreams(),
      llm: {
        today: today.value,
        bufferedUsageEvents: bufferedEvents,
        thisInstance: { ...this.correction.gemini },
      },
      writeBehind: {
        llmUsageEvents: bufferedEvents,
        dictionaryLookupWords: this.dictionaryLookups.depth,
      },
      circuits: this.breakers.stats(),
    };
  }

  private upstreams(): Record<string, UpstreamView> {
    const calls = this.upstreamCalls.snapshot();
    const circuits = new Map(
      this.breakers
        .stats()
        .filter((c) => c.kind === 'upstream')
        .map((c) => [c.name, c]),
    );
    const names = new Set([...Object.keys(calls), ...circuits.keys()]);
    return Object.fromEntries(
      [...names].map((name) => {
        const c = circuits.get(name);
        return [
          name,
          {
            ...(calls[name] ?? { calls: 0, failures: 0, meanLatencyMs: null }),
            circuit: c?.state ?? null,
            rejectedByCircuit: c?.rejected ?? 0,
          },
        ];
      }),
    );
  }

  private async attempt<T>(
    what: string,
    read: () => Promise<T>,
  ): Promise<{ value: T | null; error?: string }> {
    try {
      return { value: await read() };
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `cache stats: ${what} failed`);
      return { value: null, error: `${what}: ${(err as Error).message}` };
    }
  }
}

function namespaceView(
  stats: NamespaceStats | undefined,
  keys: number | null,
  l1Enabled: boolean,
): NamespaceView {
  return {
    keys,
    l1Enabled,
    layers: Object.fromEntries(LAYERS.map((layer) => [layer, layerView(stats?.layers[layer])])) as Record<
      CacheLayerName,
      LayerView
    >,
    staleServed: stats?.staleServed ?? 0,
    negativeHits: stats?.negativeHits ?? 0,
  };
}

function layerView(stats: LayerStats | undefined): LayerView {
  const hits = stats?.hits ?? 0;
  const misses = stats?.misses ?? 0;
  const total = hits + misses;
  return {
    hits,
    misses,
    hitRate: total === 0 ? null : Math.round((hits / total) * 10_000) / 10_000,
    errors: stats?.errors ?? 0,
    meanLatencyMs: stats?.latency.count
      ? Math.round((stats.latency.sumMs / stats.latency.count) * 1000) / 1000
      : null,
  };
}
