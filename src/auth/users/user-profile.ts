import type { UserRole } from '../auth-user.js';

/** A user as the API shows it: never the password hash. Cached in the `user:` namespace. */
export interface UserProfile {
  id: string;
  email: string;
  displayName: string | null;
  role: UserRole;
  createdAt: string;
}

/** What login needs: the profile plus the hash to verify against. Never leaves the auth services. */
export interface UserCredentials {
  profile: UserProfile;
  passwordHash: string;
}
