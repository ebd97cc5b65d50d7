import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/**
 * Corrections per sentence (`PieceCorrector` builds the content hash: checker, style, sentence and — by
 * default — user). No L1: answers are large and many; the distributed lock makes N instances ask Gemini
 * once for the same sentence.
 */
export const CORRECTIONS_CACHE: NamespaceOptions = {
  name: 'llm',
  ttlMs: 24 * 60 * 60_000,
  l1: false,
  distributedLock: true,
};

export const correctionCacheKey = (contentHash: string): string => keySegment(contentHash);
