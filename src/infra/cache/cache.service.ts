import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { RedisService } from '#src/infra/redis/redis.service.js';

import type {
  CacheLoaders,
  CacheLookup,
  GetOrLoadManyOptions,
  GetOrLoadOptions,
  NamespaceName,
} from './cache.types.js';
import { CacheNamespaces } from './cache-namespace.registry.js';
import { CacheStack } from './cache-stack.js';
import { isNegative, wrapValue } from './envelope.js';
import { GetOrLoadHandler } from './get-or-load/get-or-load.handler.js';

/**
 * The layered cache every module reads through: L1 (in-process, hot namespaces) → Redis →
 * the caller's layers (the feature's own tables, then upstreams).
 *
 * - Redis trouble never fails a call: the tier is skipped and a circuit breaker stops paying timeouts.
 * - Writes and deletions reach every instance's L1 through the invalidation bus.
 * - Stored values carry an envelope (format + schema version, stored-at, soft/hard expiry).
 * Metrics: inject `CacheMetrics` and call `snapshot()`.
 */
@Injectable()
export class CacheService implements OnApplicationBootstrap, OnApplicationShutdown {
  public constructor(
    private readonly namespaces: CacheNamespaces,
    private readonly stack: CacheStack,
    private readonly loader: GetOrLoadHandler,
    private readonly redis: RedisService,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    await this.stack.start();
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.stack.stop();
  }

  /** The cached value (fresh or stale), or undefined (absent, or cached as "not found"). */
  public async get<T>(ns: NamespaceName, key: string): Promise<T | undefined> {
    const env = this.stack.readLocal<T>(ns, key) ?? (await this.stack.readShared<T>(ns, key))?.env;
    return env && !isNegative(env) ? env.d : undefined;
  }

  /** Cached values of many keys (absent ones left out): L1, then ONE Redis MGET for the rest. */
  public async getMany<T>(ns: NamespaceName, keys: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const rest: string[] = [];
    for (const key of new Set(keys)) {
      const env = this.stack.readLocal<T>(ns, key);
      if (!env) rest.push(key);
      else if (!isNegative(env)) out.set(key, env.d as T);
    }
    if (rest.length === 0) return out;
    for (const [key, { env }] of await this.stack.readSharedMany<T>(ns, rest)) {
      if (!isNegative(env)) out.set(key, env.d as T);
    }
    return out;
  }

  /** Stores a value in every tier; other instances drop their L1 copy. */
  public async set<T>(ns: NamespaceName, key: string, value: T, ttlMs?: number): Promise<void> {
    const config = this.namespaces.get(ns);
    const ttl = ttlMs ?? config.ttlMs;
    const env = wrapValue(value, {
      ttlMs: ttl,
      softTtlMs: config.softTtlMs,
      schemaVersion: config.schemaVersion,
    });
    await this.stack.write(ns, key, env, true);
  }

  /** Removes a key from every tier and every instance's L1. */
  public async delete(ns: NamespaceName, key: string): Promise<void> {
    await this.stack.remove(ns, [key]);
  }

  public async deleteMany(ns: NamespaceName, keys: string[]): Promise<void> {
    await this.stack.remove(ns, [...new Set(keys)]);
  }

  /** Removes every key of `ns` starting with `prefix` ('' = the whole namespace). SCAN + UNLINK, never KEYS/FLUSHDB. */
  public async deleteByPrefix(ns: NamespaceName, prefix = ''): Promise<number> {
    return this.stack.removePrefix(ns, prefix);
  }

  /**
   * Read-through: the cache tiers, then `loaders` in order (each `load()` returns the value — or
   * `loaded(value, { ttlMs, persist })` — NOT_FOUND, or undefined, and throws when it could not answer).
   * What a later loader returns is written back to the earlier `store` loaders and to the cache tiers.
   * Pass a function to build the loaders only on a miss. Concurrent calls for one key load once per
   * instance (and once across instances for `distributedLock` namespaces). Throws the first loader
   * failure when nothing was found and no stale value could be served.
   */
  public getOrLoad<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions = {},
  ): Promise<CacheLookup<T>> {
    return this.loader.handle(ns, key, loaders, options);
  }

  /**
   * `getOrLoad` for a batch: each key is read once (L1, then one `MGET` for all of them) and only the
   * misses run their loaders. Each key's result is settled on its own: `rejected` with the failure
   * of its loaders, which does not affect the others.
   */
  public getOrLoadMany<T>(
    ns: NamespaceName,
    keys: readonly string[],
    loadersFor: (key: string) => CacheLoaders<T>,
    options: GetOrLoadManyOptions = {},
  ): Promise<Map<string, PromiseSettledResult<CacheLookup<T>>>> {
    return this.loader.handleMany(ns, keys, loadersFor, options);
  }

  /** Drops L1 copies on every instance (the `cache.flushed` event). No namespace = every namespace. */
  public async dropL1(ns?: NamespaceName, key?: string): Promise<void> {
    await this.stack.dropL1Everywhere(
      ns ? (key !== undefined ? { ns, keys: [key] } : { ns, prefix: '' }) : {},
    );
  }

  /** True when Redis is not configured (embedded mode) or answers a PING now. */
  public async isHealthy(): Promise<boolean> {
    if (!this.redis.health) return true;
    if (this.redis.health.skipping) return false;
    try {
      await this.redis.ping();
      return true;
    } catch {
      return false;
    }
  }
}
