import { Logger } from '@nestjs/common';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import type { CacheTuning } from '../cache.tuning.js';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';

/**
 * The circuit breaker around the Redis tier (shared by the tier reads/writes, the lock and the bus
 * publisher), probing with PING while open. Null breaker in embedded mode (no Redis).
 */
export class RedisCircuit {
  private readonly logger = new Logger(RedisCircuit.name);
  public readonly breaker: CircuitBreaker | null;

  public constructor(
    private readonly client: RedisClient | null,
    tuning: CacheTuning,
  ) {
    this.breaker = client
      ? new CircuitBreaker({
          failureThreshold: tuning.breakerFailureThreshold,
          openMs: tuning.breakerOpenMs,
          probe: () => client.ping(),
          onStateChange: (state) =>
            state === 'half-open'
              ? this.logger.debug('probing Redis')
              : this.logger.warn(
                  { state },
                  state === 'open' ? 'Redis circuit opened: tier skipped' : 'Redis circuit closed: tier back',
                ),
        })
      : null;
  }

  public get breakerState(): BreakerState | 'disabled' {
    return this.breaker?.state ?? 'disabled';
  }

  /** True without Redis (embedded mode); otherwise the circuit is closed and Redis answers a PING now. */
  public async isHealthy(): Promise<boolean> {
    if (!this.client) return true;
    if (!this.breaker?.allowsRequest()) return false;
    try {
      await this.client.ping();
      return true;
    } catch {
      return false;
    }
  }

  public stop(): void {
    this.breaker?.stop();
  }
}
