import { randomBytes } from 'node:crypto';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import { FIXED_WINDOW_LUA, SLIDING_WINDOW_LUA } from './rate-limit.scripts.js';
import {
  KEY_SUFFIX,
  type RateLimitDecision,
  type RateLimitRule,
  RateLimitStore,
} from './rate-limit.store.js';

type ScriptReply = [hits: number, resetMs: number, rejected: number, retryAfterMs: number];
type ScriptCommand = (
  counterOrLog: string,
  block: string,
  windowMs: number,
  limit: number,
  blockMs: number,
  memberOrCost?: string | number,
) => Promise<ScriptReply>;

/** The script commands this store defines on the shared client (names are namespaced to avoid clashes). */
interface RateLimitCommands {
  rateLimitFixedWindow: ScriptCommand;
  rateLimitSlidingWindow: ScriptCommand;
}

/**
 * Counts in Redis, shared by every instance: one Lua script per check.
 *
 * Scripts are registered with ioredis' `defineCommand`, which sends the script body once per connection
 * and EVALSHA afterwards; a NOSCRIPT reply (script cache flushed, Redis restarted, failover to a replica
 * that never saw the script) is retried transparently with the full body — no error reaches the caller.
 */
export class RedisRateLimitStore extends RateLimitStore {
  private readonly commands: RateLimitCommands;
  /** Sorted-set members must be unique even when two requests share a microsecond. */
  private readonly memberPrefix = randomBytes(6).toString('base64url');
  private sequence = 0;

  constructor(client: RedisClient) {
    super();
    if (!('rateLimitFixedWindow' in client)) {
      client.defineCommand('rateLimitFixedWindow', { numberOfKeys: 2, lua: FIXED_WINDOW_LUA });
      client.defineCommand('rateLimitSlidingWindow', { numberOfKeys: 2, lua: SLIDING_WINDOW_LUA });
    }
    this.commands = client as unknown as RateLimitCommands;
  }

  public async check(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const block = key + KEY_SUFFIX.block;
    const reply =
      rule.algorithm === 'sliding-window'
        ? await this.commands.rateLimitSlidingWindow(
            key + KEY_SUFFIX.log,
            block,
            rule.windowMs,
            rule.limit,
            rule.blockMs,
            this.nextMember(),
          )
        : await this.commands.rateLimitFixedWindow(
            key + KEY_SUFFIX.counter,
            block,
            rule.windowMs,
            rule.limit,
            rule.blockMs,
            rule.cost ?? 1,
          );
    const [hits, resetMs, rejected, retryAfterMs] = reply.map(Number);
    return { allowed: rejected === 0, hits, resetMs, retryAfterMs };
  }

  private nextMember(): string {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.memberPrefix}:${this.sequence}`;
  }
}
