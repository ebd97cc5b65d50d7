import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/** A user's personal dictionary; an addition deletes the key, which every instance's L1 hears on the bus. */
export const PERSONAL_DICTIONARY_CACHE: NamespaceOptions = { name: 'personal', ttlMs: 60 * 60_000, l1: true };

export const personalDictionaryCacheKey = (userId: string): string => keySegment(userId);
