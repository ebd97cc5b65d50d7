import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loginUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { AUTH, MANY_LOGINS, meStatus, refresh } from './auth.api.js';

/** Longest instance B may show a profile changed on A before it counts as a failure (bus latency). */
const PROPAGATION_BOUND_MS = 2_000;

/** Two instances behind one load balancer: one database, one Redis prefix, in-process L1 on. */
describe('auth across instances', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { ...MANY_LOGINS, DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix, CACHE_L1_ENABLED: 'true' };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('logout on one instance refuses the token on the other at the next request', async () => {
    const user = await registerUser(a);
    const other = await loginUser(a, user);
    expect(await meStatus(b, user.accessToken)).toBe(200);
    expect((await a.request(`${AUTH}/logout`, { method: 'POST', token: user.accessToken })).status).toBe(204);
    expect(await meStatus(b, user.accessToken)).toBe(401);
    expect((await refresh(b, user.refreshToken)).status).toBe(401);
    expect(await meStatus(b, other.accessToken)).toBe(200);
  });

  it('a profile changed on one instance is what the other shows', async () => {
    const user = await registerUser(a, { displayName: 'Old name' });
    const readOnB = async () =>
      (
        (await (await b.request('/api/v1/users/me', { token: user.accessToken })).json()) as {
          displayName: string;
        }
      ).displayName;
    expect(await readOnB()).toBe('Old name');
    const patched = await a.request('/api/v1/users/me', {
      method: 'PATCH',
      token: user.accessToken,
      json: { displayName: 'New name' },
    });
    expect(patched.status).toBe(200);
    const started = Date.now();
    let seen = await readOnB();
    while (seen !== 'New name' && Date.now() - started < PROPAGATION_BOUND_MS) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await readOnB();
    }
    expect(seen).toBe('New name');
  });
});
