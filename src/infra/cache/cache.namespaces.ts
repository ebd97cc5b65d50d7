import { createHash } from 'node:crypto';

import type { NamespaceName, NamespaceOptions } from './cache.types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const NAMESPACES: Record<NamespaceName, NamespaceOptions> = {
  dict: { name: 'dict', ttlMs: HOUR, l1: true, negativeTtlMs: 10 * MINUTE, softTtlMs: 50 * MINUTE },
  user: { name: 'user', ttlMs: 15 * MINUTE, l1: true },
  settings: { name: 'settings', ttlMs: HOUR, l1: true },
  // Session liveness is checked on every authenticated request; no L1, so a revocation is seen at once.
  session: { name: 'session', ttlMs: 7 * 24 * HOUR, l1: false },
  llm: { name: 'llm', ttlMs: 24 * HOUR, l1: false, distributedLock: true },
  usage: { name: 'usage', ttlMs: 48 * HOUR, l1: false },
  // API key verification, checked on every LanguageTool-client request; no L1, so a revocation is seen at once.
  apikey: { name: 'apikey', ttlMs: 5 * MINUTE, l1: false },
  // A user's personal dictionary; an addition deletes the key, which every instance's L1 hears on the bus.
  personal: { name: 'personal', ttlMs: HOUR, l1: true },
};

/** Keys longer than this, or with characters outside the safe set, are hashed. */
const SAFE_KEY = /^[a-z0-9._@:-]{1,120}$/;

/** Makes arbitrary input safe as a key segment: normalised, and hashed when long or unusual. */
export function keySegment(input: string): string {
  const normalised = input.normalize('NFC').toLowerCase();
  return SAFE_KEY.test(normalised) ? normalised : `h.${sha256(normalised).slice(0, 40)}`;
}

export function sha256(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** Named key builders: the only way modules spell cache keys. */
export const CacheKeys = {
  dict: (language: string, word: string) => `${keySegment(language)}:${keySegment(word)}`,
  user: (userId: string) => keySegment(userId),
  settings: (userId: string) => keySegment(userId),
  session: (sessionId: string) => keySegment(sessionId),
  llm: (contentHash: string) => keySegment(contentHash),
  apikey: (keyHash: string) => keySegment(keyHash),
  personal: (userId: string) => keySegment(userId),
} as const;
