import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { rawRedis } from '../../helpers/redis.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import { AUTH, MANY_LOGINS, meStatus, sessionIdOf } from './auth.api.js';

/**
 * Security review: a session revoked on one instance can never be written back to the cache as live by
 * another instance's in-flight read. The race is reproduced by writing the old "live" copy back into
 * Redis right after the logout, exactly as a late writer would.
 */
describe('revocation tombstones', () => {
  const e2e = useTestApp(MANY_LOGINS);
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
  });
  afterAll(async () => {
    redis?.disconnect();
  });

  it('a "live" copy written back after the logout does not bring the session back', async () => {
    const user = await registerUser(e2e.app);
    expect(await meStatus(e2e.app, user.accessToken)).toBe(200);
    const key = `${e2e.prefix}session:${sessionIdOf(user.accessToken)}`;
    const live = await redis.getBuffer(key);
    expect(live).not.toBeNull();

    expect(
      (await e2e.app.request(`${AUTH}/logout`, { method: 'POST', token: user.accessToken })).status,
    ).toBe(204);
    // Another instance's read of PostgreSQL began before the logout and lands now.
    await redis.set(key, live!, 'PX', 60_000);

    expect(await meStatus(e2e.app, user.accessToken)).toBe(401);
    expect(await redis.pttl(`${e2e.prefix}session-revoked:${sessionIdOf(user.accessToken)}`)).toBeGreaterThan(
      290_000,
    );
  });
});
