import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

import { AppConfig } from '#src/config/app-config.js';
import { TooManyRequestsError } from '#src/infra/http/errors.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import { RateLimitMetrics } from './rate-limit.metrics.js';
import { rateLimitKey, type ThrottlerDefinition, throttlerDefinitions } from './rate-limit.policies.js';
import type {
  RateLimitAlgorithm,
  RateLimitCheck,
  RateLimitDecision,
  RateLimitRule,
} from './rate-limit.store.js';
import type { TrackedRequest } from './rate-limit.trackers.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One throttler's count of one request: `increment`'s arguments, and how many requests it counts as. */
export interface ThrottlerCount {
  key: string;
  ttl: number;
  limit: number;
  blockDuration: number;
  throttlerName: string;
  /** Fixed window only (default 1), e.g. a batch's uncached words. */
  cost?: number;
}

/** Whole seconds a client must wait: rounded up, so retrying at that moment succeeds; never 0. */
export function toWholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}

/** A store's decision as `@nestjs/throttler` reads it, times in whole seconds. */
function toRecord(decision: RateLimitDecision): ThrottlerStorageRecord {
  return {
    totalHits: decision.hits,
    timeToExpire: toWholeSeconds(decision.resetMs),
    isBlocked: !decision.allowed,
    timeToBlockExpire: decision.allowed ? 0 : toWholeSeconds(decision.retryAfterMs),
  };
}

/**
 * `@nestjs/throttler`'s storage: Redis when it answers, the in-process store otherwise (never "no limit",
 * never an error), and back to Redis as soon as it answers again.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStorage.name);
  private readonly algorithms: Map<string, RateLimitAlgorithm>;
  private readonly definitions: Map<string, ThrottlerDefinition>;
  private readonly keyPrefix: string;
  private readonly store: RedisRateLimitStore | null;
  private readonly memory = new MemoryRateLimitStore();
  private usingFallback = false;

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly metrics: RateLimitMetrics,
  ) {
    this.keyPrefix = config.redis.keyPrefix;
    this.definitions = new Map(throttlerDefinitions(config).map((d) => [d.name, d]));
    this.algorithms = new Map([...this.definitions].map(([name, d]) => [name, d.algorithm]));
    this.store = redis.client ? new RedisRateLimitStore(redis.client) : null;
    if (!this.store) this.logger.log('no Redis configured: rate limits are counted per instance');
  }

  /** `ttl` and `blockDuration` in milliseconds (throttler v6); times returned in whole seconds. */
  public async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [record] = await this.incrementAll([{ key, ttl, limit, blockDuration, throttlerName }]);
    return record!;
  }

  /**
   * `increment` for every throttler a request counts against, in one Redis round trip (one script run on a
   * single node; on a cluster one per slot, see `RedisRateLimitStore`).
   */
  public async incrementAll(counts: readonly ThrottlerCount[]): Promise<ThrottlerStorageRecord[]> {
    const checks = counts.map(({ key, ttl, limit, blockDuration, throttlerName, cost }) => ({
      key,
      rule: {
        algorithm: this.algorithms.get(throttlerName) ?? 'fixed-window',
        limit,
        windowMs: ttl,
        blockMs: blockDuration,
        cost,
      } satisfies RateLimitRule,
    }));
    return (await this.decide(checks)).map(toRecord);
  }

  private async decide(checks: RateLimitCheck[]): Promise<RateLimitDecision[]> {
    const store = this.store;
    if (!store) return this.memory.checkAll(checks);
    return this.redis.orFallback(
      async () => {
        const decisions = await store.checkAll(checks);
        this.switchTo(false);
        return decisions;
      },
      (err) => {
        if (err) this.metrics.recordRedisFailure();
        this.switchTo(true, err);
        this.metrics.recordFallbackCheck();
        return this.memory.checkAll(checks);
      },
    );
  }

  /** Logs transitions only, not every check made during an outage. */
  private switchTo(fallback: boolean, err?: unknown): void {
    if (fallback === this.usingFallback) return;
    this.usingFallback = fallback;
    if (fallback) {
      this.logger.warn(
        { err: err instanceof Error ? err.message : undefined },
        'Redis unavailable: rate limits are counted per instance until it returns',
      );
    } else {
      this.logger.log('Redis is back: rate limits are shared across instances again');
    }
  }

  /**
   * Counts `cost` more requests of this request's client under the throttler `throttlerName` (a
   * fixed-window policy), for work a guard could not price up front: a dictionary batch costs one request
   * per uncached word. Throws the same 429 as the guard when that passes the limit.
   */
  public async charge(request: TrackedRequest, throttlerName: string, cost: number): Promise<void> {
    const definition = this.definitions.get(throttlerName);
    if (!definition || definition.algorithm !== 'fixed-window')
      throw new Error(`charge() needs a fixed-window throttler, not ${throttlerName}`);
    const tracker = definition.tracker(request);
    if (cost <= 0 || tracker === undefined) return;
    const [record] = await this.incrementAll([
      {
        key: rateLimitKey(this.keyPrefix, tracker, throttlerName),
        ttl: definition.windowMs,
        limit: definition.limit,
        blockDuration: definition.blockMs,
        throttlerName,
        cost,
      },
    ]);
    if (record!.isBlocked) {
      this.metrics.recordRejection(throttlerName);
      throw new TooManyRequestsError(record!.timeToBlockExpire);
    }
  }

  public onApplicationShutdown(): void {
    this.memory.dispose();
  }
}
