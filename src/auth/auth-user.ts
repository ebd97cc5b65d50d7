/** The two roles of the app. `admin` is only ever granted by `npm run admin:create`. */
export type UserRole = 'user' | 'admin';

export const USER_ROLES: readonly UserRole[] = ['user', 'admin'];

/**
 * Who is calling: set on the request by the global JWT guard once the access token verified and its
 * session was found live. Read it with `@CurrentUser()`.
 */
export interface AuthUser {
  id: string;
  role: UserRole;
  /**
   * The session (refresh-token family) the access token belongs to: the JWT `sid`; `apikey:<id>` for a
   * request authenticated with an API key (`@ApiKeyAuth()` routes).
   */
  sessionId: string;
  email: string;
}
