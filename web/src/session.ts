import { type ApiClient, createApiClient, describeFailure, type UserProfile } from './api/client';

/** The browser form of the refresh token: an HttpOnly cookie the server sets and no script can read. */
const COOKIE_TRANSPORT = { 'x-refresh-transport': 'cookie' } as const;

export class SignInError extends Error {}

/**
 * The signed-in writer. The access token lives in memory only; the refresh token lives in an HttpOnly
 * cookie, so a reload signs back in with one refresh and nothing secret is ever in storage.
 */
export class Session {
  public readonly api: ApiClient = createApiClient();
  public user: UserProfile | null = null;
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;

  public constructor() {
    this.api.use({
      onRequest: ({ request }) => {
        if (this.accessToken) request.headers.set('Authorization', `Bearer ${this.accessToken}`);
        return request;
      },
    });
  }

  /** After a reload: trade the cookie for an access token, if the writer was signed in. */
  public async restore(): Promise<boolean> {
    if (!(await this.refresh())) return false;
    const { data } = await this.api.GET('/api/v1/users/me');
    this.user = data ?? null;
    return this.user !== null;
  }

  public async register(email: string, password: string, displayName?: string): Promise<void> {
    const { data, error, response } = await this.api.POST('/api/v1/auth/register', {
      body: { email, password, ...(displayName ? { displayName } : {}) },
      headers: COOKIE_TRANSPORT,
    });
    if (!data) throw new SignInError(describeFailure(response, error));
    this.accessToken = data.accessToken;
    this.user = data.user;
  }

  public async signIn(email: string, password: string): Promise<void> {
    const { data, error, response } = await this.api.POST('/api/v1/auth/login', {
      body: { email, password },
      headers: COOKIE_TRANSPORT,
    });
    if (!data) throw new SignInError(describeFailure(response, error));
    this.accessToken = data.accessToken;
    this.user = data.user;
  }

  public async signOut(): Promise<void> {
    await this.api.POST('/api/v1/auth/logout').catch(() => undefined);
    this.accessToken = null;
    this.user = null;
  }

  /**
   * Runs a request, and once more after a refresh when the access token had expired. Concurrent callers
   * share one refresh; two tabs refreshing at once are reconciled by the server's grace window.
   */
  public async call<T extends { response: Response }>(request: () => Promise<T>): Promise<T> {
    const first = await request();
    if (first.response.status !== 401 || !this.user) return first;
    return (await this.refresh()) ? request() : first;
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= this.api
      .POST('/api/v1/auth/refresh', { body: {}, headers: COOKIE_TRANSPORT })
      .then(({ data }) => {
        this.accessToken = data?.accessToken ?? null;
        return data !== undefined;
      })
      .catch(() => false)
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }
}
