import { Injectable } from '@nestjs/common';

import { CacheService } from '#src/infra/cache/cache.service.js';

import { DICTIONARY_CACHE, dictionaryCacheKey } from './dictionary.cache.js';
import { DICTIONARY_LANGUAGE } from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';

/** Redis writes in flight at once while warming: quick, without queueing thousands of commands. */
const CONCURRENCY = 16;

/**
 * Writes the most looked-up entries, read from PostgreSQL, through the cache (Redis, and this instance's
 * L1), so the first lookups after a flush or a Redis restart are hits. The admin warm-up calls it.
 */
@Injectable()
export class DictionaryCacheWarmer {
  public constructor(
    private readonly entries: DictionaryEntryRepository,
    private readonly cache: CacheService,
  ) {}

  /** How many entries were written. */
  public async warm(limit: number): Promise<number> {
    const top = await this.entries.mostLookedUp(DICTIONARY_LANGUAGE, limit);
    let next = 0;
    const worker = async () => {
      while (next < top.length) {
        const entry = top[next++];
        await this.cache.set(
          DICTIONARY_CACHE.name,
          dictionaryCacheKey(entry.word, entry.language),
          entry.entries,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, top.length) }, worker));
    return top.length;
  }
}
