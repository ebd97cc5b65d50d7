import { Injectable, Logger } from '@nestjs/common';

import { DICTIONARY_LANGUAGE } from '#src/dictionary/dictionary-entry.js';
import { DictionaryEntryRepository } from '#src/dictionary/dictionary-entry.repository.js';
import { CacheKeys } from '#src/infra/cache/cache.namespaces.js';
import { CacheService } from '#src/infra/cache/cache.service.js';

import type { WarmBody, WarmResult } from './admin-cache.schemas.js';
import { CacheUnavailableError } from './cache-unavailable.error.js';

/** Redis writes in flight at once while warming: quick, without queueing thousands of commands. */
const CONCURRENCY = 16;

/**
 * Cache warming: the most looked-up dictionary entries, read from PostgreSQL, written through the cache
 * (Redis, and this instance's L1) so the first lookups after a flush or a Redis restart are hits.
 */
@Injectable()
export class CacheWarmerService {
  private readonly logger = new Logger(CacheWarmerService.name);

  public constructor(
    private readonly entries: DictionaryEntryRepository,
    private readonly cache: CacheService,
  ) {}

  public async warm({ namespace, limit }: WarmBody): Promise<WarmResult> {
    // Cache writes skip a failing Redis silently; a warm-up that wrote nothing must not report success.
    if (!(await this.cache.isHealthy())) throw new CacheUnavailableError('nothing was warmed');
    const top = await this.entries.mostLookedUp(DICTIONARY_LANGUAGE, limit);
    let next = 0;
    const worker = async () => {
      while (next < top.length) {
        const entry = top[next++];
        await this.cache.set('dict', CacheKeys.dict(entry.language, entry.word), entry.entries);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, top.length) }, worker));
    this.logger.log({ namespace, limit, warmed: top.length }, 'cache warmed');
    return { namespace, limit, warmed: top.length };
  }
}
