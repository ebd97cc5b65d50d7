import { CacheEntryRepository } from '../postgres/cache-entry.repository.js';
import { CacheDriver } from './cache-driver.js';

/**
 * The durable tier: PostgreSQL's `cache_entries`, shared by every instance and surviving Redis
 * restarts. Slower than Redis; used for namespaces marked `durable`.
 */
export class PostgresDriver extends CacheDriver {
  public readonly layer = 'postgres' as const;

  public constructor(private readonly entries: CacheEntryRepository) {
    super();
  }

  public async get(key: string): Promise<string | undefined> {
    const [row] = await this.entries.findLive([key]);
    return row?.value;
  }

  public async getMany(keys: string[]): Promise<(string | undefined)[]> {
    const rows = new Map((await this.entries.findLive([...new Set(keys)])).map((r) => [r.key, r.value]));
    return keys.map((k) => rows.get(k));
  }

  public async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.entries.upsert(key, value, new Date(Date.now() + Math.max(1, ttlMs)));
  }

  public async delete(key: string): Promise<boolean> {
    return (await this.entries.deleteKeys([key])) > 0;
  }

  public async deleteMany(keys: string[]): Promise<number> {
    return this.entries.deleteKeys(keys);
  }

  public async clear(prefix: string): Promise<number> {
    return this.entries.deleteByPrefix(prefix);
  }
}
