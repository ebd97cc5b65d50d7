import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

import type { CacheTuning } from '../cache.tuning.js';
import type {
  CacheLoaders,
  CacheLookup,
  GetOrLoadManyOptions,
  GetOrLoadOptions,
  NamespaceName,
} from '../cache.types.js';
import type { CacheNamespaces } from '../cache-namespace.registry.js';
import type { CacheStack, TierRead } from '../cache-stack.js';
import { type Envelope, isNegative, isStale, wrapNotFound, wrapValue } from '../envelope.js';
import type { DistributedLock } from '../lock/distributed-lock.js';
import type { CacheMetrics } from '../metrics/cache-metrics.js';
import { mapWithConcurrency } from './bounded-map.js';
import type { LoaderRunner } from './loader-runner.js';
import { SingleFlight } from './single-flight.js';

type Found<T> = Extract<CacheLookup<T>, { found: true }>;

/**
 * getOrLoad, as bentocache's get-set handlers do it:
 * 1. a fresh L1 copy answers at once;
 * 2. otherwise one flight per key and instance (concurrent callers share it) reads Redis; a stale
 *    value (past its soft TTL) is served at once while ONE background refresh runs;
 * 3. on a miss everywhere the caller's loaders run — under the distributed lock for namespaces that ask
 *    for it — and the result is written to every tier (or cached as "not found" when that is definitive);
 * 4. when nothing was found and a loader failed, the failure is thrown.
 */
export class GetOrLoadHandler {
  private readonly logger = new Logger(GetOrLoadHandler.name);
  private readonly flights = new SingleFlight();
  /** Keys whose background refresh just failed: not retried before `refreshBackoffMs`. */
  private readonly refreshBackoff: LRUCache<string, true>;

  public constructor(
    private readonly namespaces: CacheNamespaces,
    private readonly stack: CacheStack,
    private readonly runner: LoaderRunner,
    private readonly lock: DistributedLock,
    private readonly metrics: CacheMetrics,
    private readonly tuning: CacheTuning,
  ) {
    this.refreshBackoff = new LRUCache({ max: 10_000, ttl: Math.max(1, tuning.refreshBackoffMs) });
  }

  public handle<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions,
  ): Promise<CacheLookup<T>> {
    const local = this.stack.readLocal<T>(ns, key);
    if (local && !isStale(local)) return Promise.resolve(this.fromCache(ns, local, 'l1'));
    if (local) return Promise.resolve(this.serveStale(ns, key, loaders, options, local, 'l1'));
    return this.flights.run(`get|${ns}:${key}`, () => this.resolve(ns, key, loaders, options));
  }

  /**
   * Many keys, each read once: the L1, then ONE `MGET` for what it lacks, then `beforeLoading(misses)`,
   * then each miss's loaders (single-flight and lock as for one key), `concurrency` at a time. A key whose
   * loaders failed is `rejected` with the failure; the others are not affected.
   */
  public async handleMany<T>(
    ns: NamespaceName,
    keys: readonly string[],
    loadersFor: (key: string) => CacheLoaders<T>,
    options: GetOrLoadManyOptions,
  ): Promise<Map<string, PromiseSettledResult<CacheLookup<T>>>> {
    const results = new Map<string, PromiseSettledResult<CacheLookup<T>>>();
    const answer = (key: string, value: CacheLookup<T>) => results.set(key, { status: 'fulfilled', value });
    const remote: string[] = [];
    for (const key of new Set(keys)) {
      const local = this.stack.readLocal<T>(ns, key);
      if (local && !isStale(local)) answer(key, this.fromCache(ns, local, 'l1'));
      else if (local) answer(key, this.serveStale(ns, key, loadersFor(key), options, local, 'l1'));
      else remote.push(key);
    }
    const shared = await this.stack.readSharedMany<T>(ns, remote);
    const misses: string[] = [];
    for (const key of remote) {
      const read = shared.get(key);
      if (!read) misses.push(key);
      else if (!isStale(read.env)) answer(key, this.fromCache(ns, read.env, read.source));
      else answer(key, this.serveStale(ns, key, loadersFor(key), options, read.env, read.source));
    }
    await options.beforeLoading?.(misses.length);
    await mapWithConcurrency(misses, options.concurrency ?? 8, async (key) => {
      try {
        answer(
          key,
          await this.flights.run(`get|${ns}:${key}`, () => this.load(ns, key, loadersFor(key), options)),
        );
      } catch (reason) {
        results.set(key, { status: 'rejected', reason });
      }
    });
    return results;
  }

  private async resolve<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions,
  ): Promise<CacheLookup<T>> {
    const shared = await this.stack.readShared<T>(ns, key, true, options.readAhead);
    if (shared && !isStale(shared.env)) return this.fromCache(ns, shared.env, shared.source);
    if (shared) return this.serveStale(ns, key, loaders, options, shared.env, shared.source);
    return this.load(ns, key, loaders, options);
  }

  private async load<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions,
  ): Promise<CacheLookup<T>> {
    const config = this.namespaces.get(ns);
    if (!config.distributedLock) return this.runLoaders(ns, key, loaders, options);
    return this.lock.runExclusive(
      `${ns}:${key}`,
      { ttlMs: this.tuning.lockTtlMs, waitMs: this.tuning.lockWaitMs, pollMs: this.tuning.lockPollMs },
      // Another instance may have loaded it meanwhile: its result is in Redis.
      async () => {
        const shared = await this.stack.readShared<T>(ns, key, false);
        return shared && !isStale(shared.env) ? this.fromCache(ns, shared.env, shared.source) : undefined;
      },
      () => this.runLoaders(ns, key, loaders, options),
    );
  }

  private async runLoaders<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions,
  ): Promise<CacheLookup<T>> {
    const config = this.namespaces.get(ns);
    const loadToken = this.stack.beginLoad();
    const outcome = await this.runner.run(ns, key, typeof loaders === 'function' ? loaders() : loaders);
    const schemaVersion = config.schemaVersion;
    switch (outcome.kind) {
      case 'found': {
        // A loader's own TTL (a stand-in answer) wins, and then no soft TTL applies.
        const ttlMs = outcome.keep.ttlMs ?? options.ttlMs ?? config.ttlMs;
        const softTtlMs = outcome.keep.ttlMs ? undefined : (options.softTtlMs ?? config.softTtlMs);
        // This caller still gets what it loaded; only caching it is vetoed after a concurrent delete.
        await this.stack.writeLoaded(
          ns,
          key,
          wrapValue(outcome.value, { ttlMs, softTtlMs, schemaVersion }),
          loadToken,
        );
        return { found: true, value: outcome.value, source: outcome.layer, hit: false, stale: false };
      }
      case 'not-found':
        if (outcome.definitive && config.negativeTtlMs) {
          await this.stack.writeLoaded(
            ns,
            key,
            wrapNotFound({ ttlMs: config.negativeTtlMs, schemaVersion }),
            loadToken,
          );
        }
        return { found: false, source: outcome.layer, hit: false };
      case 'failed':
        throw outcome.error;
    }
  }

  /** Serves a stale value now; refreshes it in the background (once per key, with backoff after failure). */
  private serveStale<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
    options: GetOrLoadOptions,
    env: Envelope<T>,
    source: TierRead<T>['source'],
  ): Found<T> {
    this.metrics.staleServed(ns);
    const id = `${ns}:${key}`;
    if (!this.refreshBackoff.has(id) && !this.flights.has(`refresh|${id}`)) {
      void this.flights
        .run(`refresh|${id}`, () => this.load(ns, key, loaders, options))
        .catch((err: unknown) => {
          this.refreshBackoff.set(id, true);
          this.logger.warn(
            { ns, key, err: (err as Error)?.message },
            'background refresh failed; stale value kept',
          );
        });
    }
    return { found: true, value: env.d as T, source, hit: true, stale: true };
  }

  private fromCache<T>(ns: NamespaceName, env: Envelope<T>, source: TierRead<T>['source']): CacheLookup<T> {
    if (isNegative(env)) return { found: false, source, hit: true };
    return { found: true, value: env.d as T, source, hit: true, stale: false };
  }
}
