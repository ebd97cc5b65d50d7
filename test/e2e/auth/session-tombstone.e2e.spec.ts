import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { AUTH, MANY_LOGINS, meStatus, sessionIdOf } from './auth.api.js';

/**
 * Security review: a session revoked on one instance can never be written back to the cache as live by
 * another instance's in-flight read. The race is reproduced by writing the old "live" copy back into
 * Redis right after the logout, exactly as a late writer would.
 */
describe('revocation tombstones', () => {
  let db: TestDatabase;
  let app: TestApp;
  let redis: Redis;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ ...MANY_LOGINS, DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix });
    redis = rawRedis();
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('a "live" copy written back after the logout does not bring the session back', async () => {
    const user = await registerUser(app);
    expect(await meStatus(app, user.accessToken)).toBe(200);
    const key = `${prefix}session:${sessionIdOf(user.accessToken)}`;
    const live = await redis.getBuffer(key);
    expect(live).not.toBeNull();

    expect((await app.request(`${AUTH}/logout`, { method: 'POST', token: user.accessToken })).status).toBe(
      204,
    );
    // Another instance's read of PostgreSQL began before the logout and lands now.
    await redis.set(key, live!, 'PX', 60_000);

    expect(await meStatus(app, user.accessToken)).toBe(401);
    expect(await redis.pttl(`${prefix}session-revoked:${sessionIdOf(user.accessToken)}`)).toBeGreaterThan(
      290_000,
    );
  });
});
