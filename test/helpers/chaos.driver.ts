import { setTimeout as sleep } from 'node:timers/promises';

import { CacheDriver } from '#src/infra/cache/drivers/cache-driver.js';

/**
 * Wraps a driver and injects failures and latency (bentocache's ChaosCache), for tests of how the
 * layers above behave when a tier errors, hangs or comes back. Not used in production code.
 */
export class ChaosDriver extends CacheDriver {
  private failure: Error | null = null;
  private delayMs = 0;
  public calls = 0;

  public readonly layer: CacheDriver['layer'];

  /** `as`: the layer to report, e.g. a memory driver standing in for Redis. */
  public constructor(
    private readonly inner: CacheDriver,
    as?: CacheDriver['layer'],
  ) {
    super();
    this.layer = as ?? inner.layer;
  }

  public alwaysThrow(error = new Error('chaos: tier unavailable')): this {
    this.failure = error;
    return this;
  }

  public neverThrow(): this {
    this.failure = null;
    return this;
  }

  public alwaysDelay(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  public get(key: string): Promise<string | undefined> {
    return this.chaos(() => this.inner.get(key));
  }

  public getMany(keys: string[]): Promise<(string | undefined)[]> {
    return this.chaos(() => this.inner.getMany(keys));
  }

  public set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.chaos(() => this.inner.set(key, value, ttlMs));
  }

  public delete(key: string): Promise<boolean> {
    return this.chaos(() => this.inner.delete(key));
  }

  public deleteMany(keys: string[]): Promise<number> {
    return this.chaos(() => this.inner.deleteMany(keys));
  }

  public clear(prefix: string): Promise<number> {
    return this.chaos(() => this.inner.clear(prefix));
  }

  private async chaos<R>(call: () => Promise<R>): Promise<R> {
    this.calls++;
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failure) throw this.failure;
    return call();
  }
}
