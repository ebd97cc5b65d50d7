import { Injectable, Logger } from '@nestjs/common';

import { DictionaryCacheWarmer } from '#src/dictionary/dictionary-cache-warmer.js';
import { CacheService } from '#src/infra/cache/cache.service.js';

import type { WarmBody, WarmResult } from './admin-cache.schemas.js';
import { CacheUnavailableError } from './cache-unavailable.error.js';

/** `POST /admin/cache/warm`: the dictionary's most looked-up entries, written through the cache. */
@Injectable()
export class CacheWarmerService {
  private readonly logger = new Logger(CacheWarmerService.name);

  public constructor(
    private readonly dictionary: DictionaryCacheWarmer,
    private readonly cache: CacheService,
  ) {}

  public async warm({ namespace, limit }: WarmBody): Promise<WarmResult> {
    // Cache writes skip a failing Redis silently; a warm-up that wrote nothing must not report success.
    if (!(await this.cache.isHealthy())) throw new CacheUnavailableError('nothing was warmed');
    const warmed = await this.dictionary.warm(limit);
    this.logger.log({ namespace, limit, warmed }, 'cache warmed');
    return { namespace, limit, warmed };
  }
}
