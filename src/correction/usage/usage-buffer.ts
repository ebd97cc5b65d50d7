import { randomBytes } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { RedisService } from '#src/infra/redis/redis.service.js';

import { RELEASE_LOCK_LUA, TRIM_IF_OWNER_LUA } from './usage-buffer.scripts.js';

interface BufferCommands {
  llmUsageTrimIfOwner(buffer: string, lock: string, token: string, count: number): Promise<number>;
  llmUsageReleaseLock(lock: string, token: string): Promise<number>;
}

/** How long one flush may hold the lock before another instance may take over. */
export const FLUSH_LOCK_TTL_MS = 30_000;

/**
 * The write-behind buffer of usage events: a Redis list shared by all instances. Producers RPUSH at the
 * tail; one flusher at a time (a lock) reads from the head, writes to PostgreSQL, then trims exactly what it
 * read. A process killed between push and flush loses nothing: the list outlives it and the next flush,
 * on any instance, picks the events up. The keys sit outside every cache namespace, so a
 * cache flush never drops accounting data; the `{llm-usage}` hash tag keeps both keys in one cluster slot.
 */
@Injectable()
export class UsageBuffer {
  private readonly logger = new Logger(UsageBuffer.name);
  private readonly bufferKey: string;
  private readonly lockKey: string;

  public constructor(private readonly redis: RedisService) {
    this.bufferKey = `${redis.keyPrefix}{llm-usage}:buffer`;
    this.lockKey = `${redis.keyPrefix}{llm-usage}:flush-lock`;
    const client = redis.client;
    if (client && !('llmUsageTrimIfOwner' in client)) {
      client.defineCommand('llmUsageTrimIfOwner', { numberOfKeys: 2, lua: TRIM_IF_OWNER_LUA });
      client.defineCommand('llmUsageReleaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK_LUA });
    }
  }

  /** False without Redis: usage is then written to PostgreSQL directly. */
  public get enabled(): boolean {
    return this.redis.client !== null;
  }

  /** Appends `item`; false (nothing appended) while Redis is down or skipped: the caller stores it another way. */
  public push(item: string): Promise<boolean> {
    return this.redis.orFallback(
      async (client) => (await client.rpush(this.bufferKey, item)) > 0,
      (err) => {
        if (err) this.logger.warn({ err: (err as Error).message }, 'usage buffer unavailable');
        return false;
      },
    );
  }

  public async depth(): Promise<number> {
    return this.redis.client ? this.redis.client.llen(this.bufferKey) : 0;
  }

  /** The oldest `count` items, without removing them. */
  public async peek(count: number): Promise<string[]> {
    return this.client().lrange(this.bufferKey, 0, count - 1);
  }

  /** A lock token when this caller may flush now, null when another flusher holds the lock. */
  public async tryLock(): Promise<string | null> {
    const token = randomBytes(12).toString('base64url');
    const ok = await this.client().set(this.lockKey, token, 'PX', FLUSH_LOCK_TTL_MS, 'NX');
    return ok === 'OK' ? token : null;
  }

  /** Drops the oldest `count` items if `token` still holds the lock; false when the lock was lost. */
  public async trim(token: string, count: number): Promise<boolean> {
    return (await this.commands().llmUsageTrimIfOwner(this.bufferKey, this.lockKey, token, count)) === 1;
  }

  public async unlock(token: string): Promise<void> {
    await this.commands().llmUsageReleaseLock(this.lockKey, token);
  }

  private client() {
    if (!this.redis.client) throw new Error('usage buffer needs Redis');
    return this.redis.client;
  }

  private commands(): BufferCommands {
    return this.client() as unknown as BufferCommands;
  }
}
