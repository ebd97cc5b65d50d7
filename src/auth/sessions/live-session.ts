/**
 * What the `session:` cache namespace holds for a session that can still be used. Revoked and expired
 * sessions are never cached as live: their key is deleted on revocation and the loader returns
 * NOT_FOUND for them.
 */
export interface LiveSession {
  userId: string;
  email: string;
  /** Absolute end of the session (epoch ms): checked on every read, so a cached copy cannot outlive it. */
  expiresAt: number;
}
