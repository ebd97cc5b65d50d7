import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/** Profiles (`GET /users/me`): kept in L1, dropped everywhere on `user.updated`. */
export const USERS_CACHE: NamespaceOptions = { name: 'user', ttlMs: 15 * 60_000, l1: true };

export const userCacheKey = (userId: string): string => keySegment(userId);

export const UserEvents = { updated: 'user.updated' } as const;

export interface UserUpdatedEvent {
  userId: string;
}

/** `user.updated` → the user's profile key, deleted on every instance. */
@Injectable()
export class UsersCacheInvalidation {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(UserEvents.updated)
  public onUserUpdated(event: UserUpdatedEvent): Promise<void> {
    return this.cache.delete(USERS_CACHE.name, userCacheKey(event.userId));
  }
}
