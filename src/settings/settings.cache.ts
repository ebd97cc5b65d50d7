import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/** A user's settings, read on every correction: kept in L1, dropped everywhere on `settings.updated`. */
export const SETTINGS_CACHE: NamespaceOptions = { name: 'settings', ttlMs: 60 * 60_000, l1: true };

export const settingsCacheKey = (userId: string): string => keySegment(userId);

/** The key `GET /settings` reads (`@ReadAhead`): the caller's own. */
export const settingsCacheKeyOfCaller = (_request: unknown, caller: { id: string }): string =>
  settingsCacheKey(caller.id);

export const SettingsEvents = { updated: 'settings.updated' } as const;

export interface SettingsUpdatedEvent {
  userId: string;
}

/** `settings.updated` → the user's settings key, deleted on every instance (awaited by `emitAsync`). */
@Injectable()
export class SettingsCacheInvalidation {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(SettingsEvents.updated)
  public onSettingsUpdated(event: SettingsUpdatedEvent): Promise<void> {
    return this.cache.delete(SETTINGS_CACHE.name, settingsCacheKey(event.userId));
  }
}
