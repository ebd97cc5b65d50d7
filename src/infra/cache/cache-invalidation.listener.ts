import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CacheEvents, type CacheFlushedEvent } from './cache.events.js';
import { CacheService } from './cache.service.js';

/**
 * After an admin flush of Redis: drop the in-process copies too, on every instance. (Features map their
 * own events to deletions, next to their namespaces: `SettingsCacheInvalidation`, …)
 */
@Injectable()
export class CacheInvalidationListener {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(CacheEvents.cacheFlushed)
  public onCacheFlushed(event: CacheFlushedEvent): Promise<void> {
    return this.cache.dropL1(event.namespace, event.key);
  }
}
