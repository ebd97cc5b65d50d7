import { LruStore, type LruStoreOptions } from '../l1/lru-store.js';
import { CacheDriver } from './cache-driver.js';

export type MemoryDriverOptions = LruStoreOptions;

/** The shared driver contract over an in-process LRU of strings (a stand-in for Redis in unit tests). */
export class MemoryDriver extends CacheDriver {
  public readonly layer = 'l1' as const;
  private readonly store: LruStore<string>;

  public constructor(options: MemoryDriverOptions) {
    super();
    this.store = new LruStore<string>(options);
  }

  public async get(key: string): Promise<string | undefined> {
    return this.store.read(key);
  }

  public async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return keys.map((k) => this.store.read(k));
  }

  public async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.store.write(key, value, ttlMs);
  }

  public async delete(key: string): Promise<boolean> {
    return this.store.remove(key);
  }

  public async deleteMany(keys: string[]): Promise<number> {
    return keys.filter((k) => this.store.remove(k)).length;
  }

  public async clear(prefix: string): Promise<number> {
    return this.store.removePrefix(prefix);
  }
}
