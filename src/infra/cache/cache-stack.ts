import { Logger } from '@nestjs/common';

import type { Invalidation, InvalidationBus } from './bus/invalidation-bus.js';
import type { CacheLayerName, CacheReadAhead, NamespaceName } from './cache.types.js';
import type { CacheNamespaces } from './cache-namespace.registry.js';
import { type Envelope, isNegative, parseEnvelope, remainingTtl, serializeEnvelope } from './envelope.js';
import type { L1Cache } from './l1/l1-cache.js';
import type { CacheMetrics } from './metrics/cache-metrics.js';
import { RedisRepairs } from './redis/redis-repairs.js';
import type { TierGuard } from './tier-guard.js';

export type TierName = 'l1' | 'redis';

export interface TierRead<T> {
  env: Envelope<T>;
  source: TierName;
}

/**
 * The cache tiers of one namespace: L1 (namespaces marked `l1`) and Redis (when configured). A Redis hit
 * fills the L1 with the bytes as read and the remaining TTL; writes and deletions go to both and are
 * announced on the bus so other instances drop their L1 copies. (What lies below Redis — a feature's own
 * table, an upstream — is the caller's layers, run by `GetOrLoadHandler`.)
 */
export class CacheStack {
  private readonly logger = new Logger(CacheStack.name);

  public constructor(
    private readonly namespaces: CacheNamespaces,
    public readonly l1: L1Cache,
    private readonly redis: TierGuard | null,
    private readonly bus: InvalidationBus,
    private readonly metrics: CacheMetrics,
  ) {
    this.repairs = redis ? new RedisRepairs(redis, (invalidation) => this.announce(invalidation)) : null;
  }

  /** What Redis missed during an outage, deleted there once it is back. */
  public readonly repairs: RedisRepairs | null;

  public async start(): Promise<void> {
    await this.bus.start({
      onInvalidation: (message, latencyMs) => {
        this.metrics.busReceived(latencyMs);
        this.dropLocal(message);
      },
      onGap: () => {
        this.logger.warn('cache bus reconnected; dropping the L1 (invalidations may have been missed)');
        this.l1.invalidatePrefix('');
      },
    });
  }

  public stop(): Promise<void> {
    this.repairs?.stop();
    return this.bus.stop();
  }

  public usesL1(ns: NamespaceName): boolean {
    return this.l1.enabled && this.namespaces.get(ns).l1;
  }

  /** L1 only (synchronous). Counts the L1 hit or miss. */
  public readLocal<T>(ns: NamespaceName, key: string): Envelope<T> | undefined {
    if (!this.usesL1(ns)) return undefined;
    const env = this.l1.read(fullKey(ns, key)) as Envelope<T> | undefined;
    this.count(ns, 'l1', env);
    return env;
  }

  /**
   * Redis; a hit fills the L1. `counted: false` leaves misses uncounted: for polls (a lock waiter
   * re-reading every 50 ms) that would otherwise swamp the hit/miss counters.
   */
  public async readShared<T>(
    ns: NamespaceName,
    key: string,
    counted = true,
    ahead?: CacheReadAhead,
  ): Promise<TierRead<T> | undefined> {
    if (!this.redis) return undefined;
    const full = fullKey(ns, key);
    const own = ahead?.ns === ns && ahead.key === key ? ahead : undefined;
    const token = own?.token ?? this.l1.beginRead();
    const read = await (own?.raw ?? this.readRaw(ns, full, counted));
    if (!read.ok) return undefined;
    const env = this.decode<T>(ns, read.value);
    if (counted || env) this.count(ns, 'redis', env);
    if (!env) return undefined;
    this.fillL1(ns, full, env, token);
    return { env, source: 'redis' };
  }

  /**
   * Starts reading `key` from Redis for a caller that will ask for it shortly (`@ReadAhead`); it takes
   * effect only when passed to `readShared`. Undefined without Redis, or when the L1 holds the key (the
   * caller will be answered from there).
   */
  public startRead(ns: NamespaceName, key: string): CacheReadAhead | undefined {
    if (!this.redis?.available) return undefined;
    const full = fullKey(ns, key);
    if (this.usesL1(ns) && this.l1.read(full)) return undefined;
    return { ns, key, token: this.l1.beginRead(), raw: this.readRaw(ns, full, true) };
  }

  private readRaw(ns: NamespaceName, full: string, timed: boolean): CacheReadAhead['raw'] {
    return this.redis!.attempt(ns, 'get', (d) => d.get(full), timed);
  }

  /** Many keys: one MGET for all of them (one per slot on a cluster). */
  public async readSharedMany<T>(ns: NamespaceName, keys: string[]): Promise<Map<string, TierRead<T>>> {
    const found = new Map<string, TierRead<T>>();
    if (!this.redis || keys.length === 0) return found;
    const token = this.l1.beginRead();
    const full = keys.map((k) => fullKey(ns, k));
    const read = await this.redis.attempt(ns, 'getMany', (d) => d.getMany(full), true);
    if (!read.ok) return found;
    for (const [i, key] of keys.entries()) {
      const raw = read.value[i];
      const env = this.decode<T>(ns, raw);
      this.count(ns, 'redis', env);
      if (!env) continue;
      found.set(key, { env, source: 'redis' });
      this.fillL1(ns, full[i], env, token);
    }
    return found;
  }

  /**
   * Writes to L1 and Redis and tells the other instances to drop their L1 copy.
   * `changed`: the value replaces one that may differ (`set()`, not a load) — if Redis misses this
   * write, its old copy is deleted once Redis is back.
   */
  public async write(ns: NamespaceName, key: string, env: Envelope, changed = false): Promise<void> {
    const full = fullKey(ns, key);
    await this.writeFull(ns, key, full, env, changed);
  }

  /** Token to pass to `writeLoaded` for a value about to be loaded from the caller's layers. */
  public beginLoad(): number {
    return this.l1.beginRead();
  }

  /**
   * Writes a value the caller's layers loaded — unless the key was deleted since the load began: the
   * loader may have read PostgreSQL just before a write whose invalidation already ran, and caching
   * that copy would resurrect the old value for a whole TTL. Returns whether it was written.
   */
  public async writeLoaded(
    ns: NamespaceName,
    key: string,
    env: Envelope,
    loadToken: number,
  ): Promise<boolean> {
    const full = fullKey(ns, key);
    if (this.l1.invalidatedSince(full, loadToken)) {
      return false;
    }
    await this.writeFull(ns, key, full, env, false);
    return true;
  }

  private async writeFull(
    ns: NamespaceName,
    key: string,
    full: string,
    env: Envelope,
    changed: boolean,
  ): Promise<void> {
    const raw = serializeEnvelope(env);
    const ttl = remainingTtl(env);
    // A copy (the caller keeps its object and may change it), frozen like every L1 entry.
    if (this.usesL1(ns)) this.l1.write(full, deepFreeze(JSON.parse(raw) as Envelope), ttl);
    const redis = this.redis;
    const store = async () =>
      redis ? (await redis.attempt(ns, 'set', (d) => d.set(full, raw, ttl))).ok : true;
    // A change is announced once it is stored (see `remove`: on a cluster the message could overtake it);
    // a fill of a loaded value announces alongside.
    const [written] = changed
      ? [await store(), await this.announce({ ns, keys: [key] })]
      : await Promise.all([store(), this.announce({ ns, keys: [key] })]);
    if (changed && !written) this.repairs?.recordKeys([full]);
  }

  public async remove(ns: NamespaceName, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const full = keys.map((k) => fullKey(ns, k));
    this.l1.invalidate(full);
    const removed = await this.redis?.attempt(ns, 'deleteMany', (d) => d.deleteMany(full));
    // Announced after the delete has been applied, for every namespace, not only L1 ones: on a Redis
    // Cluster the key and the bus channel live on different shards, so a message sent alongside the DEL
    // could arrive first and another instance would refill its L1 from the old value. Other instances'
    // in-flight loads of these keys must not write back what they read before this change (writeLoaded).
    await this.announce({ ns, keys }, true);
    if (removed && !removed.ok) this.repairs?.recordKeys(full);
  }

  /** Returns how many entries Redis removed (0 without Redis). */
  public async removePrefix(ns: NamespaceName, prefix: string): Promise<number> {
    const full = fullKey(ns, prefix);
    this.l1.invalidatePrefix(full);
    const count = await this.redis?.attempt(ns, 'clear', (d) => d.clear(full));
    // After the keys are gone, as in `remove`.
    await this.announce({ ns, prefix }, true);
    if (count && !count.ok) this.repairs?.recordPrefix(full);
    return count?.ok ? count.value : 0;
  }

  /** Drops L1 copies here and on every instance (`cache.flushed`). No namespace = everything. */
  public async dropL1Everywhere(invalidation: Invalidation): Promise<void> {
    this.dropLocal(invalidation);
    await this.announce(invalidation);
  }

  private dropLocal(message: Invalidation): void {
    if (!message.ns) return this.l1.invalidatePrefix('');
    const ns = message.ns;
    if (message.keys) this.l1.invalidate(message.keys.map((k) => `${ns}:${k}`));
    else this.l1.invalidatePrefix(`${ns}:${message.prefix ?? ''}`);
  }

  private async announce(invalidation: Invalidation, isDeletion = false): Promise<void> {
    const ns = invalidation.ns as NamespaceName | undefined;
    // Overwrites matter only to L1 namespaces (copies elsewhere to drop); deletions matter to every
    // instance with a load in flight.
    if (!isDeletion && (!this.l1.enabled || (ns && !this.namespaces.get(ns).l1))) return;
    this.metrics.busPublished(await this.bus.publish(invalidation));
  }

  /**
   * The envelope as decoded from Redis, for the rest of its TTL: later hits neither parse nor copy it.
   * Frozen, because every request that hits it gets the same object.
   */
  private fillL1(ns: NamespaceName, full: string, env: Envelope, token: number): void {
    if (this.usesL1(ns)) this.l1.fill(full, deepFreeze(env), remainingTtl(env), token);
  }

  private decode<T>(ns: NamespaceName, raw: string | undefined): Envelope<T> | undefined {
    return parseEnvelope<T>(raw, this.namespaces.get(ns).schemaVersion ?? 0);
  }

  private count(ns: NamespaceName, layer: CacheLayerName, env: Envelope | undefined): void {
    if (env) this.metrics.hit(ns, layer);
    else this.metrics.miss(ns, layer);
    if (env && isNegative(env)) this.metrics.negativeHit(ns);
  }
}

/** Freezes a decoded JSON value all the way down (plain objects and arrays only). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function fullKey(ns: NamespaceName, key: string): string {
  return `${ns}:${key}`;
}
