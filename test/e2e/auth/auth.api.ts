import { createHmac } from 'node:crypto';

import pg from 'pg';

import type { TestApp } from '../../helpers/test-app.js';

/** Small HTTP and SQL helpers for the auth e2e specs. */

export const AUTH = '/api/v1/auth';

/**
 * These specs register and log in dozens of accounts from 127.0.0.1 within a minute; the brute-force
 * limits (tested on their own in brute-force and account-lockout specs) would turn that into 429s.
 */
export const MANY_LOGINS = {
  RATE_LIMIT_AUTH_IP_LIMIT: '100000',
  RATE_LIMIT_AUTH_EMAIL_LIMIT: '100000',
  AUTH_LOGIN_ADDRESS_FAILURES: '100000',
  AUTH_LOGIN_ACCOUNT_FAILURES: '100000',
};

export function refresh(app: TestApp, refreshToken: string): Promise<Response> {
  return app.request(`${AUTH}/refresh`, { method: 'POST', json: { refreshToken } });
}

export async function refreshOk(
  app: TestApp,
  refreshToken: string,
): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }> {
  const res = await refresh(app, refreshToken);
  if (res.status !== 200) throw new Error(`refresh failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
}

/** Status of `GET /users/me` with this access token: 200 while the session lives, 401 after. */
export async function meStatus(app: TestApp, accessToken: string): Promise<number> {
  const res = await app.request('/api/v1/users/me', { token: accessToken });
  await res.body?.cancel();
  return res.status;
}

/** A problem's body without the per-request fields, to compare two failures. */
export async function problemShape(res: Response): Promise<Record<string, unknown>> {
  const { requestId: _r, instance: _i, ...rest } = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ...rest };
}

export async function withDb<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Reads the `sid` claim of an access token (no verification: the test only needs the id). */
export function sessionIdOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Hand-made JWTs, so the specs can forge exactly the token they need (alg none, wrong audience, …). */
export function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret?: string,
): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  if (!secret) return `${signingInput}.`;
  const alg =
    ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as Record<string, string>)[String(header.alg)] ??
    'sha256';
  return `${signingInput}.${createHmac(alg, secret).update(signingInput).digest('base64url')}`;
}
