import type { RateLimitRule } from '#src/infra/rate-limit/rate-limit.store.js';

/** Rule builders shared by the rate-limit store specs (unit on memory, integration on Redis). */
export const fixedWindow = (limit: number, windowMs: number, blockMs = 0): RateLimitRule => ({
  algorithm: 'fixed-window',
  limit,
  windowMs,
  blockMs,
});

export const slidingWindow = (limit: number, windowMs: number, blockMs = 0): RateLimitRule => ({
  algorithm: 'sliding-window',
  limit,
  windowMs,
  blockMs,
});
