/**
 * Public contract of the layered cache. Feature modules depend on this file and on `CacheService`,
 * never on the drivers behind it.
 */

/**
 * A namespace's name, the first segment of its keys (`dict:en:legion`). Each feature defines its
 * namespaces (`dictionary.cache.ts`, …) and registers them with `provideCacheNamespaces`.
 */
export type NamespaceName = string;

export interface NamespaceOptions {
  name: NamespaceName;
  /** Hard TTL in Redis. */
  ttlMs: number;
  /** Keep an in-process L1 copy (invalidated on every instance through the bus). */
  l1: boolean;
  /** Negative caching ("not found anywhere"); undefined = never cache misses. */
  negativeTtlMs?: number;
  /** Past this age a value is stale: still served while one background refresh runs. Undefined = never stale. */
  softTtlMs?: number;
  /** Use the distributed lock so N instances load a missing key once (expensive loaders). */
  distributedLock?: boolean;
  /**
   * Version of the cached value's shape. Bump it when the type stored in this namespace changes: entries
   * written with another version are treated as misses, never handed back.
   */
  schemaVersion?: number;
}

/** A layer's definitive "this key does not exist here". */
export const NOT_FOUND: unique symbol = Symbol('cache.not-found');
export type NotFound = typeof NOT_FOUND;

/**
 * One slower layer below Redis: a PostgreSQL repository (`kind: 'store'`) or an upstream
 * (`kind: 'upstream'`). `load` returns the value, `NOT_FOUND` (definitive miss) or `undefined`
 * (nothing to say); it THROWS when it could not answer (timeout, 5xx, open circuit) — such
 * failures are never cached as "not found".
 */
export interface CacheLayer<T> {
  /** Reported as the response's source: 'postgres', 'free-dictionary', 'wordnet', 'gemini', … */
  name: string;
  kind: 'store' | 'upstream';
  load(): Promise<T | NotFound | undefined>;
  /** Stores receive what a later layer found (write-back). */
  save?(value: T): Promise<void>;
}

export type CacheSource = 'l1' | 'redis' | (string & {});

export type CacheLookup<T> =
  | { found: true; value: T; source: CacheSource; hit: boolean; stale: boolean }
  | { found: false; source: CacheSource; hit: boolean };

export interface GetOrLoadOptions {
  /** Overrides the namespace TTL for this value. */
  ttlMs?: number;
  /** Overrides the namespace soft TTL (stale-while-revalidate) for this value. */
  softTtlMs?: number;
}

export type CacheLayerName = 'l1' | 'redis' | 'postgres' | 'upstream';
