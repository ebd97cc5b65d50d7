import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { CacheTuning } from '../cache.tuning.js';
import { CacheEntryRepository } from './cache-entry.repository.js';

/** Deletes expired `cache_entries` rows now and then (reads already ignore them; this reclaims space). */
@Injectable()
export class CacheEntrySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheEntrySweeper.name);
  private timer: NodeJS.Timeout | undefined;

  public constructor(
    private readonly entries: CacheEntryRepository,
    private readonly tuning: CacheTuning,
  ) {}

  public onApplicationBootstrap(): void {
    if (this.tuning.sweepIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.tuning.sweepIntervalMs);
    this.timer.unref();
  }

  public onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  public async sweep(): Promise<number> {
    try {
      const removed = await this.entries.pruneExpired();
      if (removed > 0) this.logger.log({ removed }, 'expired cache entries swept');
      return removed;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'cache entry sweep failed');
      return 0;
    }
  }
}
