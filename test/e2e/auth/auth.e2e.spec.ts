import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { rawRedis } from '../../helpers/redis.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import { AUTH, MANY_LOGINS, meStatus, sessionIdOf } from './auth.api.js';
import { authScenarios } from './auth.scenarios.js';
import { refreshCookieScenarios } from './refresh-cookie.scenarios.js';

describe('auth with Redis up', () => {
  const e2e = useTestApp(MANY_LOGINS);
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
  });
  afterAll(async () => {
    redis?.disconnect();
  });

  /** Keys of this app that mention the session id (whatever the cache's exact key layout). */
  const sessionKeys = async (sid: string) =>
    (await redis.keys(`${e2e.prefix}*`)).filter(
      (k) => k.startsWith(`${e2e.prefix}session:`) && k.includes(sid),
    );

  authScenarios(() => ({ app: e2e.app, dbUrl: e2e.db.url }));
  refreshCookieScenarios(() => ({ app: e2e.app, dbUrl: e2e.db.url }));

  it('caches session liveness in Redis and drops it before logout answers', async () => {
    const user = await registerUser(e2e.app);
    const sid = sessionIdOf(user.accessToken);
    expect(await meStatus(e2e.app, user.accessToken)).toBe(200);
    expect(await sessionKeys(sid)).not.toEqual([]);
    expect(
      (await e2e.app.request(`${AUTH}/logout`, { method: 'POST', token: user.accessToken })).status,
    ).toBe(204);
    expect(await sessionKeys(sid)).toEqual([]);
  });

  it('takes about as long to refuse an unknown email as a wrong password', async () => {
    const { email } = await registerUser(e2e.app);
    const attempt = async (who: string) => {
      const started = performance.now();
      const res = await e2e.app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email: who, password: 'wrong password here' },
      });
      await res.body?.cancel();
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await attempt(email));
      unknown.push(await attempt(`ghost-${i}-${email}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Without the dummy verification an unknown email answers in ~1 ms against ~30+ ms for argon2.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });
});
