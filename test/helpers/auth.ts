import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { promoteToAdmin } from '#src/auth/admin/admin-bootstrap.js';

import type { TestApp } from './test-app.js';

export interface TestUserProfile {
  id: string;
  email: string;
  displayName: string | null;
  role: 'user' | 'admin';
  createdAt: string;
}

export interface RegisteredUser {
  user: TestUserProfile;
  accessToken: string;
  refreshToken: string;
  email: string;
  password: string;
}

export interface UserOverrides {
  email?: string;
  password?: string;
  displayName?: string;
  /** Extra request headers for the register call (e.g. a user agent to find the session by). */
  headers?: Record<string, string>;
}

/** A fresh account through `POST /auth/register`, with a unique email unless one is given. */
export async function registerUser(app: TestApp, overrides: UserOverrides = {}): Promise<RegisteredUser> {
  const email = overrides.email ?? `user-${randomBytes(6).toString('hex')}@example.test`;
  const password = overrides.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const json: Record<string, string> = { email, password };
  if (overrides.displayName !== undefined) json.displayName = overrides.displayName;
  const res = await app.request('/api/v1/auth/register', {
    method: 'POST',
    json,
    headers: overrides.headers,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as Omit<RegisteredUser, 'email' | 'password'>;
  return { ...body, email: body.user.email, password };
}

/** Logs an existing account in (a new session). */
export async function loginUser(
  app: TestApp,
  credentials: { email: string; password: string },
  headers?: Record<string, string>,
): Promise<Omit<RegisteredUser, 'email' | 'password'>> {
  const json = { email: credentials.email, password: credentials.password };
  const res = await app.request('/api/v1/auth/login', { method: 'POST', json, headers });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Omit<RegisteredUser, 'email' | 'password'>;
}

/**
 * An admin: registered over HTTP, promoted in the database by the same code `npm run admin:create`
 * runs, then logged in again so the access token carries `role: admin`.
 */
export async function createAdmin(app: TestApp, overrides: UserOverrides = {}): Promise<RegisteredUser> {
  const registered = await registerUser(app, overrides);
  const client = new pg.Client({ connectionString: app.config.database.url });
  await client.connect();
  try {
    await promoteToAdmin(client, registered.email);
  } finally {
    await client.end();
  }
  const session = await loginUser(app, registered);
  return { ...session, email: registered.email, password: registered.password };
}
