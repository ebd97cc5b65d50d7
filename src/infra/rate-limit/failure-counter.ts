import { Injectable, Logger } from '@nestjs/common';

import { RedisService } from '#src/infra/redis/redis.service.js';

/** One budget of failures: at most `limit` within `windowMs` of the first one. */
export interface FailureBudget {
  key: string;
  limit: number;
  windowMs: number;
}

/** The state of one budget: how many failures it holds and when it empties. */
export interface FailureCount {
  failures: number;
  exhausted: boolean;
  /** Until the window ends (0 when it holds no failures). */
  resetMs: number;
}

// KEYS: the budgets' counters. Replies { failures, pttl } per key: one round trip for all of them.
const PEEK_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  out[#out + 1] = tonumber(redis.call('GET', key) or '0')
  out[#out + 1] = math.max(redis.call('PTTL', key), 0)
end
return out
`;

// KEYS: counters; ARGV: their windows (ms). The expiry is set with the first failure, so a window never moves.
const RECORD_LUA = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
end
return 1
`;

interface FailureCommands {
  failureCounterPeek(...keys: [number, ...string[]]): Promise<number[]>;
  failureCounterRecord(...args: [number, ...(string | number)[]]): Promise<number>;
}

/**
 * Counts failures (wrong passwords) rather than requests: a caller asks first whether a budget is spent,
 * and records a failure only when one happened, so successful attempts never use anyone's budget.
 * Redis when it answers (shared by every instance); per instance in memory otherwise, like the rate
 * limiter. Keys passed together must share a hash tag on Redis Cluster (one script, one slot).
 */
@Injectable()
export class FailureCounter {
  private readonly logger = new Logger(FailureCounter.name);
  private readonly memory = new Map<string, { failures: number; expiresAt: number }>();

  public constructor(private readonly redis: RedisService) {
    const client = redis.client;
    if (client && !('failureCounterPeek' in client)) {
      client.defineCommand('failureCounterPeek', { lua: PEEK_LUA });
      client.defineCommand('failureCounterRecord', { lua: RECORD_LUA });
    }
  }

  public async peek(budgets: FailureBudget[]): Promise<FailureCount[]> {
    const keys = budgets.map((b) => this.redis.keyPrefix + b.key);
    const raw = await this.withFallback(
      async (c) => c.failureCounterPeek(keys.length, ...keys),
      () => keys.flatMap((k) => this.peekMemory(k)),
    );
    return budgets.map((b, i) => {
      const failures = Number(raw[2 * i]);
      return { failures, exhausted: failures >= b.limit, resetMs: Number(raw[2 * i + 1]) };
    });
  }

  public async record(budgets: FailureBudget[]): Promise<void> {
    const keys = budgets.map((b) => this.redis.keyPrefix + b.key);
    await this.withFallback<unknown>(
      async (c) => c.failureCounterRecord(keys.length, ...keys, ...budgets.map((b) => b.windowMs)),
      () => budgets.forEach((b, i) => this.recordMemory(keys[i], b.windowMs)),
    );
  }

  private withFallback<T>(remote: (c: FailureCommands) => Promise<T>, local: () => T): Promise<T> {
    return this.redis.orFallback(
      (client) => remote(client as unknown as FailureCommands),
      (err) => {
        if (err)
          this.logger.warn(
            { err: (err as Error).message },
            'Redis unavailable: failures counted per instance',
          );
        return local();
      },
    );
  }

  private peekMemory(key: string): [number, number] {
    const entry = this.memory.get(key);
    const now = performance.now();
    if (!entry || entry.expiresAt <= now) return [0, 0];
    return [entry.failures, entry.expiresAt - now];
  }

  private recordMemory(key: string, windowMs: number): void {
    const now = performance.now();
    const entry = this.memory.get(key);
    if (!entry || entry.expiresAt <= now) this.memory.set(key, { failures: 1, expiresAt: now + windowMs });
    else entry.failures++;
    if (this.memory.size > 100_000) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.memory) if (entry.expiresAt <= now) this.memory.delete(key);
  }
}
