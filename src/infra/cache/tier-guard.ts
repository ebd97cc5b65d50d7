import { Logger } from '@nestjs/common';
import { ReplyError } from 'ioredis';

import type { CircuitBreaker } from './breaker/circuit-breaker.js';
import type { CacheDriver } from './drivers/cache-driver.js';
import type { CacheMetrics } from './metrics/cache-metrics.js';

export type Attempt<R> = { ok: true; value: R } | { ok: false };

const SKIPPED: Attempt<never> = { ok: false };

/**
 * Runs a shared tier's driver calls so that a failing tier is skipped, never fatal: errors and
 * timeouts are logged and counted, feed the circuit breaker (when the tier has one), and calls are
 * not even attempted while the circuit is open.
 */
export class TierGuard {
  private readonly logger: Logger;

  public constructor(
    public readonly driver: CacheDriver,
    private readonly breaker: CircuitBreaker | null,
    private readonly metrics: CacheMetrics,
  ) {
    this.logger = new Logger(`CacheTier:${driver.layer}`);
  }

  public get layer(): CacheDriver['layer'] {
    return this.driver.layer;
  }

  /** False while the circuit is open: callers skip the tier without paying a timeout. */
  public get available(): boolean {
    return this.breaker?.allowsRequest() ?? true;
  }

  /** Called when the tier's circuit closes again. */
  public onRecovered(listener: () => void): void {
    this.breaker?.onClosed(listener);
  }

  /** `timed`: record the call's latency as this layer's read latency for `ns`. */
  public async attempt<R>(
    ns: string,
    op: string,
    call: (driver: CacheDriver) => Promise<R>,
    timed = false,
  ): Promise<Attempt<R>> {
    if (!this.available) return SKIPPED;
    const started = performance.now();
    try {
      const value = await call(this.driver);
      this.breaker?.recordSuccess();
      if (timed) this.metrics.latency(ns, this.layer, performance.now() - started);
      return { ok: true, value };
    } catch (err) {
      // A reply error (WRONGTYPE, …) means the server answered: not an outage.
      if (!(err instanceof ReplyError)) this.breaker?.recordFailure();
      this.metrics.error(ns, this.layer);
      this.logger.warn(
        { ns, op, err: (err as Error).message, ms: Math.round(performance.now() - started) },
        'cache tier failed; skipped',
      );
      return SKIPPED;
    }
  }
}
