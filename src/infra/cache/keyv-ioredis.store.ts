import { EventEmitter } from 'node:events';

import type { KeyvStoreAdapter, StoredData } from 'keyv';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import { groupForCommands, unlinkByPrefix, unlinkKeys } from './redis/redis-keyspace.js';

export interface KeyvIoredisStoreOptions {
  /** Prefix of every key of this store, e.g. `${REDIS_KEY_PREFIX}cm:`; `clear()` never goes beyond it. */
  keyPrefix: string;
}

/**
 * A Keyv storage adapter over an EXISTING ioredis client (single node or cluster), so
 * `@nestjs/cache-manager` (cache-manager 7 → Keyv 5) shares the app's one Redis connection.
 *
 * Keyv serializes values and tracks expiry itself; this adapter stores its strings under
 * `keyPrefix + key` (Keyv's key already carries `namespace:`), with PX TTLs so Redis frees them too.
 * `disconnect()` is a no-op: the connection belongs to RedisService.
 */
export class KeyvIoredisStore extends EventEmitter implements KeyvStoreAdapter {
  public opts: Record<string, unknown>;
  public namespace?: string;

  public constructor(
    public readonly client: RedisClient,
    private readonly options: KeyvIoredisStoreOptions,
  ) {
    super();
    this.opts = { dialect: 'redis', keyPrefix: options.keyPrefix };
  }

  public async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return ((await this.client.get(this.full(key))) ?? undefined) as StoredData<Value> | undefined;
  }

  public async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const full = keys.map((k) => this.full(k));
    const out: Array<StoredData<Value | undefined>> = new Array(keys.length).fill(undefined);
    for (const group of groupForCommands(this.client, full)) {
      const values = await this.client.mget(...group.map((i) => full[i]));
      group.forEach((index, j) => (out[index] = (values[j] ?? undefined) as StoredData<Value>));
    }
    return out;
  }

  public async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof ttl === 'number' && ttl > 0) await this.client.set(this.full(key), text, 'PX', Math.ceil(ttl));
    else await this.client.set(this.full(key), text);
    return true;
  }

  public async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    await Promise.all(entries.map((e) => this.set(e.key, e.value, e.ttl)));
  }

  public async delete(key: string): Promise<boolean> {
    return (await this.client.unlink(this.full(key))) > 0;
  }

  public async deleteMany(keys: string[]): Promise<boolean> {
    return (
      (await unlinkKeys(
        this.client,
        keys.map((k) => this.full(k)),
      )) > 0
    );
  }

  public async has(key: string): Promise<boolean> {
    return (await this.client.exists(this.full(key))) > 0;
  }

  public async hasMany(keys: string[]): Promise<boolean[]> {
    return Promise.all(keys.map((k) => this.has(k)));
  }

  /** Clears this store's namespace (Keyv keys are `namespace:key`), or everything under `keyPrefix`. */
  public async clear(): Promise<void> {
    await unlinkByPrefix(this.client, this.options.keyPrefix + (this.namespace ? `${this.namespace}:` : ''));
  }

  public async disconnect(): Promise<void> {
    // The ioredis connection is RedisService's; closing it here would take the whole app's Redis down.
  }

  private full(key: string): string {
    return this.options.keyPrefix + key;
  }
}
