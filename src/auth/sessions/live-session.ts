import type { UserRole } from '../auth-user.js';

/**
 * What the `session:` cache namespace holds for a session that can still be used. Revoked and expired
 * sessions are never cached as live: their key is deleted on revocation and the loader returns
 * NOT_FOUND for them.
 */
export interface LiveSession {
  userId: string;
  email: string;
  /** The account's role now: a role change takes effect on the next request, not the next login. */
  role: UserRole;
  /**
   * End of the session (epoch ms): its absolute expiry, or its idle expiry if sooner. Checked on every
   * read, so a cached copy cannot outlive it.
   */
  expiresAt: number;
}

/** Longest a "live" answer stays cached: bounds the damage of a revocation whose cache delete was lost. */
export const MAX_LIVENESS_CACHE_MS = 5 * 60_000;
