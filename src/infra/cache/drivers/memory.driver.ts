import { LRUCache } from 'lru-cache';

import { CacheDriver } from './cache-driver.js';

export interface MemoryDriverOptions {
  maxEntries: number;
}

/**
 * Bounded in-process LRU (the L1 tier). Synchronous underneath; `read`/`write` are the sync hot path
 * used by the L1, the async methods satisfy the shared driver contract.
 */
export class MemoryDriver extends CacheDriver {
  public readonly layer = 'l1' as const;
  private readonly lru: LRUCache<string, string>;

  public constructor(options: MemoryDriverOptions) {
    super();
    // ttlAutopurge off: expired entries are dropped lazily on read and by LRU pressure (no timers).
    this.lru = new LRUCache<string, string>({
      max: options.maxEntries,
      ttlAutopurge: false,
      allowStale: false,
    });
  }

  public get size(): number {
    return this.lru.size;
  }

  public get maxEntries(): number {
    return this.lru.max;
  }

  public read(key: string): string | undefined {
    return this.lru.get(key);
  }

  public write(key: string, value: string, ttlMs: number): void {
    this.lru.set(key, value, { ttl: Math.max(1, Math.ceil(ttlMs)) });
  }

  public remove(key: string): boolean {
    // `has` first: a key past its TTL is "not there", even if the LRU still holds it.
    const live = this.lru.has(key);
    this.lru.delete(key);
    return live;
  }

  public removePrefix(prefix: string): number {
    if (prefix === '') {
      const n = this.lru.size;
      this.lru.clear();
      return n;
    }
    let removed = 0;
    for (const key of [...this.lru.keys()]) {
      if (key.startsWith(prefix) && this.remove(key)) removed++;
    }
    return removed;
  }

  public async get(key: string): Promise<string | undefined> {
    return this.read(key);
  }

  public async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return keys.map((k) => this.read(k));
  }

  public async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  public async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  public async deleteMany(keys: string[]): Promise<number> {
    return keys.filter((k) => this.remove(k)).length;
  }

  public async clear(prefix: string): Promise<number> {
    return this.removePrefix(prefix);
  }
}
