import type { CacheLayerName } from '../cache.types.js';

/**
 * The storage contract every tier implements (memory, Redis, PostgreSQL). Deliberately tiny: the
 * layering, envelopes, locks and invalidation live above it, so a driver is easy to write and to test
 * with one shared suite (`test/integration/cache/driver-contract.ts`).
 *
 * Keys are logical (`<namespace>:<key>`); a driver may add its own prefix. Values are JSON text (a
 * serialized envelope): a driver hands back an equivalent JSON document, not necessarily the same bytes.
 * Drivers THROW when they cannot answer; the tier guard above them decides what a failure means.
 */
export abstract class CacheDriver {
  public abstract readonly layer: Exclude<CacheLayerName, 'upstream'>;

  /** The stored value, or undefined when absent or expired. */
  public abstract get(key: string): Promise<string | undefined>;

  /** Values in the order of `keys` (undefined where absent). One round trip where the backend allows. */
  public abstract getMany(keys: string[]): Promise<(string | undefined)[]>;

  /** Stores `value` for `ttlMs` milliseconds (> 0), replacing any previous value. */
  public abstract set(key: string, value: string, ttlMs: number): Promise<void>;

  /** True when a live value was removed. */
  public abstract delete(key: string): Promise<boolean>;

  /** Number of keys removed. */
  public abstract deleteMany(keys: string[]): Promise<number>;

  /** Removes every key starting with `prefix` ('' = everything this driver owns); returns how many. */
  public abstract clear(prefix: string): Promise<number>;
}
