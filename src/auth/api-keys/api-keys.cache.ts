import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/**
 * API key verification, checked on every LanguageTool-client request. No L1, so a revocation (which
 * deletes the key) is seen at once on every instance.
 */
export const API_KEYS_CACHE: NamespaceOptions = { name: 'apikey', ttlMs: 5 * 60_000, l1: false };

export const apiKeyCacheKey = (keyHash: string): string => keySegment(keyHash);
