import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import {
  CacheEvents,
  type CacheFlushedEvent,
  type DictionaryEntryRefreshedEvent,
  type SessionRevokedEvent,
  type SettingsUpdatedEvent,
  type UserUpdatedEvent,
} from './cache.events.js';
import { CacheKeys } from './cache.namespaces.js';
import { CacheService } from './cache.service.js';
import type { NamespaceName } from './cache.types.js';

/**
 * The ONE place where domain events become cache deletions. Deleting through CacheService removes the
 * key from Redis/PostgreSQL and announces it on the bus, so every instance drops its L1 copy.
 *
 * Emitters that must not answer before the cache is clean use `await eventEmitter.emitAsync(...)`
 * (the handlers return their deletion promise); plain `emit` invalidates in the background.
 */
@Injectable()
export class CacheInvalidationListener {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(CacheEvents.userUpdated)
  public onUserUpdated(event: UserUpdatedEvent): Promise<void> {
    return this.cache.delete('user', CacheKeys.user(event.userId));
  }

  @OnEvent(CacheEvents.settingsUpdated)
  public onSettingsUpdated(event: SettingsUpdatedEvent): Promise<void> {
    return this.cache.delete('settings', CacheKeys.settings(event.userId));
  }

  @OnEvent(CacheEvents.sessionRevoked)
  public onSessionRevoked(event: SessionRevokedEvent): Promise<void> {
    return this.cache.deleteMany(
      'session',
      event.sessionIds.map((sid) => CacheKeys.session(sid)),
    );
  }

  @OnEvent(CacheEvents.dictionaryEntryRefreshed)
  public onDictionaryEntryRefreshed(event: DictionaryEntryRefreshedEvent): Promise<void> {
    return this.cache.delete('dict', CacheKeys.dict(event.language, event.word));
  }

  /** After an admin flush of Redis/PostgreSQL: drop the in-process copies too, everywhere. */
  @OnEvent(CacheEvents.cacheFlushed)
  public onCacheFlushed(event: CacheFlushedEvent): Promise<void> {
    return this.cache.dropL1(event.namespace as NamespaceName | undefined, event.key);
  }
}
