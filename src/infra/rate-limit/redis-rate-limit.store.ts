import { randomBytes } from 'node:crypto';

import { groupForCommands } from '#src/infra/cache/redis/redis-keyspace.js';
import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import { RATE_LIMIT_LUA } from './rate-limit.scripts.js';
import {
  KEY_SUFFIX,
  type RateLimitCheck,
  type RateLimitDecision,
  RateLimitStore,
} from './rate-limit.store.js';

/** The script command this store defines on the shared client (the name is namespaced to avoid clashes). */
interface RateLimitCommands {
  rateLimitCheck: (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;
}

/**
 * Counts in Redis, shared by every instance: one Lua script run per call, whatever the number of rules (on
 * a cluster, one per slot the keys fall in: a client's keys share a hash tag, see `rateLimitKey`).
 *
 * The script is registered with ioredis' `defineCommand`, which sends its body once per connection and
 * EVALSHA afterwards; a NOSCRIPT reply (script cache flushed, Redis restarted, failover to a replica that
 * never saw the script) is retried transparently with the full body — no error reaches the caller.
 */
export class RedisRateLimitStore extends RateLimitStore {
  private readonly commands: RateLimitCommands;
  /** Sorted-set members must be unique even when two requests share a microsecond. */
  private readonly memberPrefix = randomBytes(6).toString('base64url');
  private sequence = 0;

  constructor(private readonly client: RedisClient) {
    super();
    // The key count varies per call: given as the command's first argument.
    if (!('rateLimitCheck' in client)) client.defineCommand('rateLimitCheck', { lua: RATE_LIMIT_LUA });
    this.commands = client as unknown as RateLimitCommands;
  }

  public async checkAll(checks: readonly RateLimitCheck[]): Promise<RateLimitDecision[]> {
    const decisions: RateLimitDecision[] = [];
    await Promise.all(
      groupForCommands(
        this.client,
        checks.map((c) => c.key),
      ).map(async (group) => {
        const answers = await this.run(group.map((i) => checks[i]!));
        group.forEach((i, n) => (decisions[i] = answers[n]!));
      }),
    );
    return decisions;
  }

  /** One script run for checks whose keys share a slot. */
  private async run(checks: readonly RateLimitCheck[]): Promise<RateLimitDecision[]> {
    const keys: string[] = [];
    const args: (string | number)[] = [];
    for (const { key, rule } of checks) {
      const sliding = rule.algorithm === 'sliding-window';
      keys.push(key + (sliding ? KEY_SUFFIX.log : KEY_SUFFIX.counter), key + KEY_SUFFIX.block);
      args.push(
        sliding ? 's' : 'f',
        rule.windowMs,
        rule.limit,
        rule.blockMs,
        sliding ? this.nextMember() : (rule.cost ?? 1),
      );
    }
    const reply = (await this.commands.rateLimitCheck(keys.length, ...keys, ...args)).map(Number);
    return checks.map((_, i) => {
      const [hits, resetMs, rejected, retryAfterMs] = reply.slice(4 * i, 4 * i + 4) as [
        number,
        number,
        number,
        number,
      ];
      return { allowed: rejected === 0, hits, resetMs, retryAfterMs };
    });
  }

  private nextMember(): string {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.memberPrefix}:${this.sequence}`;
  }
}
