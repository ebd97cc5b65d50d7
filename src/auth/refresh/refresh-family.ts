import type { UserRole } from '../auth-user.js';

/** The session a refresh token belongs to, read under its row lock. */
export interface FamilySession {
  id: string;
  userId: string;
  role: UserRole;
  expiresAt: Date;
  revokedAt: Date | null;
  /** The last login or refresh: a session idle past AUTH_SESSION_IDLE_TTL_SECONDS has ended. */
  lastUsedAt: Date;
}

export interface StoredRefreshToken {
  id: string;
  tokenHash: string;
  successorId: string | null;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * One session's refresh tokens inside a transaction that holds the session row's lock: every refresh
 * of a family is serialised, so two concurrent refreshes of one token cannot both rotate it.
 */
export interface RefreshFamily {
  readonly session: FamilySession;
  token(tokenHash: string): Promise<StoredRefreshToken | undefined>;
  tokenById(id: string): Promise<StoredRefreshToken | undefined>;
  /** Links `parentId` to a new successor row and marks the session used. */
  rotate(parentId: string, successor: { id: string; tokenHash: string }, now: Date): Promise<void>;
  touch(now: Date): Promise<void>;
  /** Ends the session and every token of it (reuse detected). */
  revoke(reason: string, now: Date): Promise<void>;
}
