import { API_KEYS_CACHE } from '#src/auth/api-keys/api-keys.cache.js';
import { SESSIONS_CACHE, SessionsCacheInvalidation } from '#src/auth/sessions/sessions.cache.js';
import { USERS_CACHE, UsersCacheInvalidation } from '#src/auth/users/users.cache.js';
import { CORRECTIONS_CACHE } from '#src/correction/correction.cache.js';
import { DICTIONARY_CACHE, DictionaryCacheInvalidation } from '#src/dictionary/dictionary.cache.js';
import type { NamespaceName, NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { CacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { PERSONAL_DICTIONARY_CACHE } from '#src/personal-dictionary/personal-dictionary.cache.js';
import { SETTINGS_CACHE, SettingsCacheInvalidation } from '#src/settings/settings.cache.js';

/** A namespace with no L1 and no lock, for the cache's own tests. */
export const PLAIN_TEST_NAMESPACE: NamespaceOptions = { name: 'plain', ttlMs: 60 * 60_000, l1: false };

/** Every feature's namespace, for tests of the cache alone (no feature module registers them there). */
export const FEATURE_CACHE_NAMESPACES: NamespaceOptions[] = [
  DICTIONARY_CACHE,
  USERS_CACHE,
  SETTINGS_CACHE,
  SESSIONS_CACHE,
  CORRECTIONS_CACHE,
  API_KEYS_CACHE,
  PERSONAL_DICTIONARY_CACHE,
];

/** The features' invalidation rules (event → deleted keys). */
export const FEATURE_CACHE_INVALIDATIONS = [
  DictionaryCacheInvalidation,
  UsersCacheInvalidation,
  SettingsCacheInvalidation,
  SessionsCacheInvalidation,
];

/** The features' namespaces (and `plain`) with some options overridden (shorter timings, L1 off…). */
export function featureNamespaces(
  overrides: Partial<Record<NamespaceName, Partial<NamespaceOptions>>> = {},
): CacheNamespaces {
  return CacheNamespaces.with(overrides).register(...FEATURE_CACHE_NAMESPACES, PLAIN_TEST_NAMESPACE);
}
