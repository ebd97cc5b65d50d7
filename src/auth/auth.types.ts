import type { UserProfile } from './users/user-profile.js';

/** A fresh access + refresh token pair. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** What register and login answer. */
export interface AuthResult extends TokenPair {
  user: UserProfile;
}
