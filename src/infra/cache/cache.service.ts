import { Injectable, Logger } from '@nestjs/common';

import { RedisService } from '#src/infra/redis/redis.service.js';

import { NAMESPACES } from './cache.namespaces.js';
import { NOT_FOUND, type CacheLayer, type CacheLookup, type GetOrLoadOptions, type NamespaceName } from './cache.types.js';

interface Envelope<T> {
  v: 1;
  /** stored at (ms) */
  t: number;
  d?: T;
  /** negative entry */
  n?: 1;
}

/**
 * v0 of the layered cache: Redis tier + loaders + in-process single-flight.
 * (L1, bus, distributed lock, stale serving, breaker and metrics land with the cache issue;
 * the public methods below are the contract and will not change.)
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger(CacheService.name);
  private readonly inflight = new Map<string, Promise<CacheLookup<unknown>>>();

  public constructor(private readonly redis: RedisService) {}

  private redisKey(ns: NamespaceName, key: string): string {
    return `${this.redis.keyPrefix}${ns}:${key}`;
  }

  public async get<T>(ns: NamespaceName, key: string): Promise<T | undefined> {
    const env = await this.readRedis<T>(ns, key);
    return env && !env.n ? env.d : undefined;
  }

  public async getMany<T>(ns: NamespaceName, keys: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (!this.redis.client || keys.length === 0) return out;
    try {
      const raw = await this.redis.client.mget(...keys.map((k) => this.redisKey(ns, k)));
      raw.forEach((r, i) => {
        if (!r) return;
        const env = JSON.parse(r) as Envelope<T>;
        if (env.v === 1 && !env.n) out.set(keys[i], env.d as T);
      });
    } catch (err) {
      this.logger.warn({ ns, err: (err as Error).message }, 'redis mget failed');
    }
    return out;
  }

  public async set<T>(ns: NamespaceName, key: string, value: T, ttlMs?: number): Promise<void> {
    await this.writeRedis(ns, key, { v: 1, t: Date.now(), d: value }, ttlMs ?? NAMESPACES[ns].ttlMs);
  }

  public async delete(ns: NamespaceName, key: string): Promise<void> {
    try {
      await this.redis.client?.unlink(this.redisKey(ns, key));
    } catch (err) {
      this.logger.warn({ ns, key, err: (err as Error).message }, 'redis delete failed');
    }
  }

  public async deleteByPrefix(ns: NamespaceName, prefix = ''): Promise<number> {
    const client = this.redis.client;
    if (!client) return 0;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${this.redisKey(ns, prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) removed += await client.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  }

  public async getOrLoad<T>(
    ns: NamespaceName,
    key: string,
    layers: CacheLayer<T>[],
    options: GetOrLoadOptions = {},
  ): Promise<CacheLookup<T>> {
    const cached = await this.readRedis<T>(ns, key);
    if (cached) {
      return cached.n
        ? { found: false, source: 'redis', hit: true }
        : { found: true, value: cached.d as T, source: 'redis', hit: true, stale: false };
    }
    const flightKey = `${ns}:${key}`;
    const existing = this.inflight.get(flightKey);
    if (existing) return existing as Promise<CacheLookup<T>>;
    const flight = this.load(ns, key, layers, options).finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, flight);
    return flight;
  }

  private async load<T>(ns: NamespaceName, key: string, layers: CacheLayer<T>[], options: GetOrLoadOptions): Promise<CacheLookup<T>> {
    let failure: unknown;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      let result: T | typeof NOT_FOUND | undefined;
      try {
        result = await layer.load();
      } catch (err) {
        failure ??= err;
        this.logger.warn({ ns, key, layer: layer.name, err: (err as Error).message }, 'cache layer failed');
        continue;
      }
      if (result === undefined || result === NOT_FOUND) continue;
      const value = result;
      // Write back to the faster stores that missed.
      await Promise.all(
        layers.slice(0, i).filter((l) => l.kind === 'store' && l.save).map((l) => l.save!(value).catch(() => undefined)),
      );
      await this.set(ns, key, value, options.ttlMs);
      return { found: true, value, source: layer.name, hit: false, stale: false };
    }
    if (failure) throw failure;
    const negativeTtl = NAMESPACES[ns].negativeTtlMs;
    if (negativeTtl) await this.writeRedis(ns, key, { v: 1, t: Date.now(), n: 1 }, negativeTtl);
    return { found: false, source: layers.at(-1)?.name ?? 'redis', hit: false };
  }

  private async readRedis<T>(ns: NamespaceName, key: string): Promise<Envelope<T> | undefined> {
    if (!this.redis.client) return undefined;
    try {
      const raw = await this.redis.client.get(this.redisKey(ns, key));
      if (!raw) return undefined;
      const env = JSON.parse(raw) as Envelope<T>;
      return env.v === 1 ? env : undefined;
    } catch (err) {
      this.logger.warn({ ns, key, err: (err as Error).message }, 'redis read failed');
      return undefined;
    }
  }

  private async writeRedis<T>(ns: NamespaceName, key: string, env: Envelope<T>, ttlMs: number): Promise<void> {
    try {
      await this.redis.client?.set(this.redisKey(ns, key), JSON.stringify(env), 'PX', ttlMs);
    } catch (err) {
      this.logger.warn({ ns, key, err: (err as Error).message }, 'redis write failed');
    }
  }
}
