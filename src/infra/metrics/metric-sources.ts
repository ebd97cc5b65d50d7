import { Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { GeminiCorrectionProvider } from '#src/correction/providers/gemini/gemini-correction.provider.js';
import { DictionaryLookupCounter } from '#src/dictionary/dictionary-lookup-counter.js';
import { FreeDictionaryClient } from '#src/dictionary/sources/free-dictionary.client.js';
import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';
import { RateLimitMetrics } from '#src/infra/rate-limit/rate-limit.metrics.js';
import type { CircuitState } from '#src/infra/resilience/circuit-breaker.js';

export interface UpstreamCircuit {
  upstream: string;
  state: CircuitState;
  /** Calls the breaker let through that failed / succeeded, and calls it refused while open. */
  failures: number;
  successes: number;
  rejected: number;
}

/**
 * Where the counters of the other modules are, for `/metrics` and the admin stats. The ONE place this
 * infrastructure knows about capabilities. The cache and the rate limiter export theirs globally; the
 * dictionary's and the correction module's are looked up in the container when first read, so this
 * module imports neither (no import-order coupling with the global guards) and works while one is absent.
 */
@Injectable()
export class MetricSources {
  private readonly found = new Map<Type, unknown>();

  public constructor(
    private readonly moduleRef: ModuleRef,
    public readonly cache: CacheMetrics,
    public readonly rateLimit: RateLimitMetrics,
  ) {}

  public correction(): CorrectionMetrics | undefined {
    return this.lookup(CorrectionMetrics);
  }

  public dictionaryLookups(): DictionaryLookupCounter | undefined {
    return this.lookup(DictionaryLookupCounter);
  }

  /** Circuit breakers in front of the upstream APIs. */
  public circuits(): UpstreamCircuit[] {
    const stats = [
      this.lookup(FreeDictionaryClient)?.circuitStats(),
      this.lookup(GeminiCorrectionProvider)?.breaker.stats(),
    ];
    return stats.flatMap((s) =>
      s
        ? [
            {
              upstream: s.name,
              state: s.state,
              failures: s.failures,
              successes: s.successes,
              rejected: s.rejected,
            },
          ]
        : [],
    );
  }

  private lookup<T>(type: Type<T>): T | undefined {
    if (!this.found.has(type)) {
      try {
        this.found.set(type, this.moduleRef.get(type, { strict: false }));
      } catch {
        return undefined;
      }
    }
    return this.found.get(type) as T;
  }
}
