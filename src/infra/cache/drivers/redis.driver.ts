import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import { groupForCommands, unlinkByPrefix, unlinkKeys } from '../redis/redis-keyspace.js';
import { CacheDriver } from './cache-driver.js';

/**
 * The shared tier: Redis through the app's one ioredis connection. Keys are
 * `${REDIS_KEY_PREFIX}${namespace}:${key}`; `getMany` is one MGET round trip on a single node (one per
 * slot in a cluster).
 */
export class RedisDriver extends CacheDriver {
  public readonly layer = 'redis' as const;

  public constructor(
    private readonly client: RedisClient,
    /** REDIS_KEY_PREFIX: every key this app writes starts with it. */
    private readonly prefix: string,
  ) {
    super();
  }

  public async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  public async getMany(keys: string[]): Promise<(string | undefined)[]> {
    const full = keys.map((k) => this.prefix + k);
    const out: (string | undefined)[] = new Array(keys.length).fill(undefined);
    await Promise.all(
      groupForCommands(this.client, full).map(async (group) => {
        const values = await this.client.mget(...group.map((i) => full[i]));
        group.forEach((index, j) => (out[index] = values[j] ?? undefined));
      }),
    );
    return out;
  }

  public async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(this.prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  public async delete(key: string): Promise<boolean> {
    return (await this.client.unlink(this.prefix + key)) > 0;
  }

  public async deleteMany(keys: string[]): Promise<number> {
    return unlinkKeys(
      this.client,
      keys.map((k) => this.prefix + k),
    );
  }

  public async clear(prefix: string): Promise<number> {
    return unlinkByPrefix(this.client, this.prefix + prefix);
  }
}
