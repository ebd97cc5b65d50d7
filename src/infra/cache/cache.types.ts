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

/** A loader's definitive "this key does not exist here". */
export const NOT_FOUND: unique symbol = Symbol('cache.not-found');
export type NotFound = typeof NOT_FOUND;

/** How a loaded value may be kept, when not as the namespace says. */
export interface LoadedOptions {
  /** Its own TTL in the cache (e.g. a stand-in answer, kept briefly). */
  ttlMs?: number;
  /** `false`: cache it, but do not write it back to the `store` loaders (it is not the real thing). */
  persist?: boolean;
}

/** A loaded value with its own keeping rules: return `loaded(value, { ttlMs, persist })` from `load`. */
export class Loaded<T> {
  public constructor(
    public readonly value: T,
    public readonly options: LoadedOptions,
  ) {}
}

export const loaded = <T>(value: T, options: LoadedOptions): Loaded<T> => new Loaded(value, options);

/**
 * A caller's way to get a value below Redis: its PostgreSQL table (`kind: 'store'`) or an upstream
 * (`kind: 'upstream'`). `load` returns the value (or `loaded(value, …)`), `NOT_FOUND` (definitive
 * miss) or `undefined` (nothing to say); it THROWS when it could not answer (timeout, 5xx, open
 * circuit) — such failures are never cached as "not found".
 */
export interface CacheLoader<T> {
  /** Reported as the response's source: 'postgres', 'free-dictionary', 'wordnet', 'gemini', … */
  name: string;
  kind: 'store' | 'upstream';
  load(): Promise<T | Loaded<T> | NotFound | undefined>;
  /** Stores receive what a later loader found (write-back), and which loader that was. */
  save?(value: T, from: string): Promise<void>;
}

/** The loaders, or a function building them: called only on a miss, so a hit allocates nothing for them. */
export type CacheLoaders<T> = CacheLoader<T>[] | (() => CacheLoader<T>[]);

export type CacheSource = 'l1' | 'redis' | (string & {});

export type CacheLookup<T> =
  | { found: true; value: T; source: CacheSource; hit: boolean; stale: boolean }
  | { found: false; source: CacheSource; hit: boolean };

export interface GetOrLoadOptions {
  /** Overrides the namespace TTL for this value. */
  ttlMs?: number;
  /** Overrides the namespace soft TTL (stale-while-revalidate) for this value. */
  softTtlMs?: number;
  /** This key's Redis read, already started by the route (`@ReadAhead`): used instead of a new one. */
  readAhead?: CacheReadAhead;
}

/**
 * A Redis read started before the handler asked for it (`@ReadAhead` routes). Its result is counted and
 * fills the L1 only when `getOrLoad` uses it; the L1 token vetoes the fill if the key was invalidated since.
 */
export interface CacheReadAhead {
  readonly ns: NamespaceName;
  readonly key: string;
  readonly token: number;
  readonly raw: Promise<{ ok: true; value: string | undefined } | { ok: false }>;
}

/**
 * The layers hits and misses are counted by: the cache's tiers (`l1`, `redis`) and the callers' loaders
 * (`postgres` for store loaders, `upstream`).
 */
export interface GetOrLoadManyOptions extends GetOrLoadOptions {
  /** Runs once the cached keys are known, before any loader: e.g. to charge a rate limit per miss. */
  beforeLoading?: (misses: number) => Promise<void>;
  /** Misses loaded at the same time (default 8). */
  concurrency?: number;
}

export type CacheLayerName = 'l1' | 'redis' | 'postgres' | 'upstream';
