import { Logger } from '@nestjs/common';
import { ReplyError } from 'ioredis';

import type { RedisHealth } from '#src/infra/redis/redis-health.js';

import type { CacheDriver } from './drivers/cache-driver.js';
import type { CacheMetrics } from './metrics/cache-metrics.js';

export type Attempt<R> = { ok: true; value: R } | { ok: false };

const SKIPPED: Attempt<never> = { ok: false };

/**
 * Runs a shared tier's driver calls so that a failing tier is skipped, never fatal: errors and
 * timeouts are logged and counted, feed the dependency's health signal (Redis'), and calls are not
 * even attempted while it says to skip.
 */
export class TierGuard {
  private readonly logger: Logger;

  public constructor(
    public readonly driver: CacheDriver,
    private readonly health: RedisHealth | null,
    private readonly metrics: CacheMetrics,
  ) {
    this.logger = new Logger(`CacheTier:${driver.layer}`);
  }

  public get layer(): CacheDriver['layer'] {
    return this.driver.layer;
  }

  /** False while Redis is being skipped: callers skip the tier without paying a timeout. */
  public get available(): boolean {
    return !this.health?.skipping;
  }

  /** Called when the tier answers again after an outage. */
  public onRecovered(listener: () => void): void {
    this.health?.onRecovered(listener);
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
      this.health?.succeeded();
      if (timed) this.metrics.latency(ns, this.layer, performance.now() - started);
      return { ok: true, value };
    } catch (err) {
      // A reply error (WRONGTYPE, …) means the server answered: not an outage.
      if (!(err instanceof ReplyError)) this.health?.failed();
      this.metrics.error(ns, this.layer);
      this.logger.warn(
        { ns, op, err: (err as Error).message, ms: Math.round(performance.now() - started) },
        'cache tier failed; skipped',
      );
      return SKIPPED;
    }
  }
}
