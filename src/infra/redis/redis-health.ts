import type { CircuitBreaker, CircuitState } from '#src/infra/resilience/circuit-breaker.js';

/** The part of an ioredis client the health signal looks at. */
export interface HealthConnection {
  readonly status: string;
  on(event: 'ready' | 'close', listener: () => void): unknown;
}

/** How long Redis is skipped after a failure before a background PING asks again. */
export const REDIS_PROBE_MS = 1_000;

/**
 * The one health signal of Redis, shared by every user of the connection (RedisService.health): the
 * session check and the cache tiers, the bus and the lock, the rate limiter, the revocation tombstones.
 * It is Redis' circuit breaker (opened by the first failure, probed by a background PING, never a
 * writer's request) plus the connection's own state: a lost connection opens it at once (commands would
 * fail anyway: the offline queue is off), and a (re)connection closes it at once.
 */
export class RedisHealth {
  public constructor(
    private readonly connection: HealthConnection,
    private readonly breaker: CircuitBreaker,
  ) {
    connection.on('ready', () => breaker.close());
    // A lost connection is an outage too: the circuit (and /metrics) says so before anyone tries.
    connection.on('close', () => breaker.recordFailure());
  }

  /** Whether callers should leave Redis alone and use their fallback now; those that try report back. */
  public get skipping(): boolean {
    return !this.breaker.allowsRequest() || this.connection.status !== 'ready';
  }

  public get state(): CircuitState {
    return this.breaker.getState();
  }

  public get openings(): number {
    return this.breaker.stats().openings;
  }

  public succeeded(): void {
    this.breaker.recordSuccess();
  }

  public failed(): void {
    this.breaker.recordFailure();
  }

  /** Called each time Redis answers again after an outage. */
  public onRecovered(listener: () => void): void {
    this.breaker.onClosed(listener);
  }
}
