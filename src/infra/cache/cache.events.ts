/**
 * Domain events that make cached values stale. Emitted with @nestjs/event-emitter by the module that
 * changed something; `CacheInvalidationListener` maps each to cache deletions in one place.
 */
export const CacheEvents = {
  userUpdated: 'user.updated',
  settingsUpdated: 'settings.updated',
  sessionRevoked: 'session.revoked',
  dictionaryEntryRefreshed: 'dictionary.entry.refreshed',
  cacheFlushed: 'cache.flushed',
} as const;

export interface UserUpdatedEvent {
  userId: string;
}
export interface SettingsUpdatedEvent {
  userId: string;
}
export interface SessionRevokedEvent {
  userId: string;
  sessionIds: string[];
}
export interface DictionaryEntryRefreshedEvent {
  word: string;
  language: string;
}
export interface CacheFlushedEvent {
  namespace?: string;
  key?: string;
}
