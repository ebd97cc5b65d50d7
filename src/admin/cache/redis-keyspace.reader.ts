import { Injectable } from '@nestjs/common';

import type { NamespaceName } from '#src/infra/cache/cache.types.js';
import { CacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { escapeGlob, isCluster, KEY_BATCH } from '#src/infra/cache/redis/redis-keyspace.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

/** A stats request stops counting after this many keys (and says so) rather than scan for minutes. */
export const MAX_KEYS_COUNTED = 2_000_000;

export interface KeyCounts {
  /** Keys of each cache namespace in Redis. */
  byNamespace: Record<NamespaceName, number>;
  /** This app's keys outside the cache namespaces (rate-limit counters, token budgets, usage buffer…). */
  other: number;
  /** True when counting stopped at MAX_KEYS_COUNTED. */
  capped: boolean;
}

/**
 * Reads the app's part of the Redis keyspace: SCAN (never KEYS) over `REDIS_KEY_PREFIX*`, on every master
 * of a cluster. One pass counts every namespace at once.
 */
@Injectable()
export class RedisKeyspaceReader {
  public constructor(
    private readonly redis: RedisService,
    private readonly namespaces: CacheNamespaces,
  ) {}

  public async countKeys(): Promise<KeyCounts | null> {
    const client = this.redis.client;
    if (!client) return null;
    const prefix = this.redis.keyPrefix;
    const byNamespace = Object.fromEntries(this.namespaces.names().map((ns) => [ns, 0])) as Record<
      NamespaceName,
      number
    >;
    let other = 0;
    let seen = 0;
    for (const node of isCluster(client) ? client.nodes('master') : [client]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', KEY_BATCH);
        cursor = next;
        for (const key of keys) {
          const ns = key.slice(prefix.length, key.indexOf(':', prefix.length)) as NamespaceName;
          if (key.indexOf(':', prefix.length) > 0 && Object.hasOwn(byNamespace, ns)) byNamespace[ns]++;
          else other++;
        }
        seen += keys.length;
        if (seen >= MAX_KEYS_COUNTED) return { byNamespace, other, capped: true };
      } while (cursor !== '0');
    }
    return { byNamespace, other, capped: false };
  }

  /** Whether the exact cache key exists in Redis (false without Redis). */
  public async exists(ns: NamespaceName, key: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client) return false;
    return (await client.exists(`${this.redis.keyPrefix}${ns}:${key}`)) > 0;
  }
}
