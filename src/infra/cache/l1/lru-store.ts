import { LRUCache } from 'lru-cache';

export interface LruStoreOptions {
  maxEntries: number;
}

/**
 * A bounded in-process LRU with a TTL per entry, synchronous: the L1 tier's storage (holding decoded
 * envelopes) and, for strings, the memory cache driver's.
 */
export class LruStore<V extends NonNullable<unknown>> {
  private readonly lru: LRUCache<string, V>;

  public constructor(options: LruStoreOptions) {
    // ttlAutopurge off: expired entries are dropped lazily on read and by LRU pressure (no timers).
    this.lru = new LRUCache<string, V>({ max: options.maxEntries, ttlAutopurge: false, allowStale: false });
  }

  public get size(): number {
    return this.lru.size;
  }

  public get maxEntries(): number {
    return this.lru.max;
  }

  public read(key: string): V | undefined {
    return this.lru.get(key);
  }

  public write(key: string, value: V, ttlMs: number): void {
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
}
