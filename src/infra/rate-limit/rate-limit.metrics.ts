import { Injectable } from '@nestjs/common';

export interface RateLimitMetricsSnapshot {
  /** 429s sent, by throttler name (`default`, `auth-ip`, `auth-email`, `llm`, `dictionary`, `admin`). */
  rejectionsByPolicy: Record<string, number>;
  /** Checks decided in process because the configured Redis was down or failing (not counted with no Redis at all). */
  fallbackChecks: number;
  /** Redis calls that failed (timeouts, connection errors); each one was answered by the fallback. */
  redisFailures: number;
}

/**
 * Plain counters for the metrics endpoint to read (via `snapshot()`), so this module does not depend on
 * the Prometheus client. Monotonic, like Prometheus counters.
 */
@Injectable()
export class RateLimitMetrics {
  private readonly rejections = new Map<string, number>();
  private fallbacks = 0;
  private failures = 0;

  public recordRejection(policy: string): void {
    this.rejections.set(policy, (this.rejections.get(policy) ?? 0) + 1);
  }

  public recordFallbackCheck(): void {
    this.fallbacks += 1;
  }

  public recordRedisFailure(): void {
    this.failures += 1;
  }

  public snapshot(): RateLimitMetricsSnapshot {
    return {
      rejectionsByPolicy: Object.fromEntries(this.rejections),
      fallbackChecks: this.fallbacks,
      redisFailures: this.failures,
    };
  }
}
