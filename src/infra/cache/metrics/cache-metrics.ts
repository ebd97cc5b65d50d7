import type { CircuitState } from '#src/infra/resilience/circuit-breaker.js';

import type { CacheLayerName } from '../cache.types.js';

/** Upper bounds (ms) of the latency histogram buckets, Prometheus-style (`le`); +Inf is implied. */
export const LATENCY_BUCKETS_MS = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
] as const;

export interface LatencyStats {
  count: number;
  sumMs: number;
  maxMs: number;
  /** Cumulative counts per bucket of LATENCY_BUCKETS_MS (observations ≤ le); `count` is the +Inf bucket. */
  buckets: number[];
}

/** One layer of one namespace. For l1/redis/postgres a "hit" is a value (or cached not-found) found there. */
export interface LayerStats {
  hits: number;
  misses: number;
  errors: number;
  /** Read latency for the cache tiers, load latency for store layers and upstreams. */
  latency: LatencyStats;
}

export interface NamespaceStats {
  layers: Record<CacheLayerName, LayerStats>;
  /** Stale values served (soft TTL passed, or loader failed). */
  staleServed: number;
  /** Lookups answered by a cached "not found". */
  negativeHits: number;
}

export interface CacheGauges {
  l1: { enabled: boolean; size: number; maxEntries: number };
  redis: {
    configured: boolean;
    breaker: CircuitState | 'disabled';
    breakerOpenings: number;
    /** Keys/prefixes Redis missed during an outage, to delete there once it is back. */
    pendingRepairs: number;
  };
}

export interface CacheMetricsSnapshot extends CacheGauges {
  takenAt: string;
  bus: {
    published: number;
    publishFailures: number;
    received: number;
    lastLatencyMs: number | null;
    maxLatencyMs: number;
  };
  namespaces: Record<string, NamespaceStats>;
}

const LAYERS: CacheLayerName[] = ['l1', 'redis', 'postgres', 'upstream'];

function emptyLayer(): LayerStats {
  return {
    hits: 0,
    misses: 0,
    errors: 0,
    latency: { count: 0, sumMs: 0, maxMs: 0, buckets: LATENCY_BUCKETS_MS.map(() => 0) },
  };
}

/**
 * In-process counters of the layered cache, per namespace and layer. `snapshot()` returns plain
 * JSON (monotonic counters since start, plus gauges) for the admin stats endpoint and the
 * Prometheus exporter: counters map to `_total` counters, `latency` to a histogram
 * (`buckets` + `sumMs` + `count`), `l1.size` and the breaker state to gauges.
 */
export class CacheMetrics {
  private readonly namespaces = new Map<string, NamespaceStats>();
  private readonly bus = {
    published: 0,
    publishFailures: 0,
    received: 0,
    lastLatencyMs: null as number | null,
    maxLatencyMs: 0,
  };
  private gauges: () => CacheGauges = () => ({
    l1: { enabled: false, size: 0, maxEntries: 0 },
    redis: { configured: false, breaker: 'disabled', breakerOpenings: 0, pendingRepairs: 0 },
  });

  /** The cache wires its live gauges (L1 size, breaker state) here. */
  public attachGauges(read: () => CacheGauges): void {
    this.gauges = read;
  }

  public hit(ns: string, layer: CacheLayerName): void {
    this.layer(ns, layer).hits++;
  }

  public miss(ns: string, layer: CacheLayerName): void {
    this.layer(ns, layer).misses++;
  }

  public error(ns: string, layer: CacheLayerName): void {
    this.layer(ns, layer).errors++;
  }

  public latency(ns: string, layer: CacheLayerName, ms: number): void {
    const stats = this.layer(ns, layer).latency;
    stats.count++;
    stats.sumMs += ms;
    if (ms > stats.maxMs) stats.maxMs = ms;
    LATENCY_BUCKETS_MS.forEach((le, i) => {
      if (ms <= le) stats.buckets[i]++;
    });
  }

  public staleServed(ns: string): void {
    this.ns(ns).staleServed++;
  }

  public negativeHit(ns: string): void {
    this.ns(ns).negativeHits++;
  }

  public busPublished(ok: boolean): void {
    if (ok) this.bus.published++;
    else this.bus.publishFailures++;
  }

  public busReceived(latencyMs: number): void {
    this.bus.received++;
    this.bus.lastLatencyMs = latencyMs;
    if (latencyMs > this.bus.maxLatencyMs) this.bus.maxLatencyMs = latencyMs;
  }

  public snapshot(): CacheMetricsSnapshot {
    return {
      takenAt: new Date().toISOString(),
      ...this.gauges(),
      bus: { ...this.bus },
      namespaces: structuredClone(Object.fromEntries(this.namespaces)),
    };
  }

  private ns(ns: string): NamespaceStats {
    let stats = this.namespaces.get(ns);
    if (!stats) {
      stats = {
        layers: Object.fromEntries(LAYERS.map((l) => [l, emptyLayer()])) as Record<
          CacheLayerName,
          LayerStats
        >,
        staleServed: 0,
        negativeHits: 0,
      };
      this.namespaces.set(ns, stats);
    }
    return stats;
  }

  private layer(ns: string, layer: CacheLayerName): LayerStats {
    return this.ns(ns).layers[layer];
  }
}
