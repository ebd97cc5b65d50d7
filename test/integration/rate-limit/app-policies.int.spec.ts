import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdmin, type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { type Env, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { burst } from './rate-limit-test-app.js';

// The real application: its controllers carry the policies, and its JWT guard runs before the limiter.
describe('rate limits on the real application', () => {
  let db: TestDatabase;
  const prefixes: string[] = [];
  const apps: TestApp[] = [];
  const start = async (env: Env, prefix = uniqueKeyPrefix()) => {
    prefixes.push(prefix);
    const app = await startTestApp({ DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix, ...env });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(prefixes.map((p) => deleteKeysWithPrefix(p)));
    await db?.drop();
  });

  describe('policies per route', () => {
    // Distinct limits, so X-RateLimit-Limit names the policy that applied.
    const LIMITS = {
      RATE_LIMIT_DEFAULT_LIMIT: '101',
      RATE_LIMIT_AUTH_IP_LIMIT: '50',
      RATE_LIMIT_AUTH_EMAIL_LIMIT: '3',
      RATE_LIMIT_DICTIONARY_LIMIT: '103',
      RATE_LIMIT_ADMIN_LIMIT: '104',
      RATE_LIMIT_LLM_LIMIT: '105',
    };
    let app: TestApp;
    let alice: RegisteredUser;
    let bob: RegisteredUser;
    let admin: RegisteredUser;

    beforeAll(async () => {
      app = await start(LIMITS);
      [alice, bob, admin] = await Promise.all([registerUser(app), registerUser(app), createAdmin(app)]);
    });

    const limitOf = (res: Response) => res.headers.get('x-ratelimit-limit');

    it('each route family carries its policy', async () => {
      const token = alice.accessToken;
      const responses = {
        profile: await app.request('/api/v1/users/me', { token }),
        dictionary: await app.request('/api/v1/dictionary/serendipity', { token }),
        batch: await app.request('/api/v1/dictionary/lookup', {
          method: 'POST',
          token,
          json: { words: ['a'] },
        }),
        correct: await app.request('/api/v1/llm/correct', {
          method: 'POST',
          token,
          json: { text: 'Hello there.' },
        }),
        admin: await app.request('/api/v1/admin/dictionary/serendipity', {
          method: 'DELETE',
          token: admin.accessToken,
        }),
        login: await app.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: bob.email, password: 'wrong-password' },
        }),
        register: await app.request('/api/v1/auth/register', {
          method: 'POST',
          json: { email: 'policy@example.test', password: 'long-enough-1' },
        }),
      };
      await Promise.all(Object.values(responses).map((r) => r.arrayBuffer()));
      expect(
        Object.fromEntries(Object.entries(responses).map(([route, res]) => [route, limitOf(res)])),
      ).toEqual({
        profile: '101',
        dictionary: '103',
        batch: '103',
        correct: '105',
        admin: '104',
        login: '3', // per e-mail (3) is tighter than per IP (50)
        register: '3',
      });
    });

    it('leaves health probes unlimited', async () => {
      const { statuses, responses } = await burst(120, () => app.request('/health/live'));
      expect(statuses).toEqual({ 200: 120 });
      expect(limitOf(responses[0])).toBeNull();
    });

    it('counts signed-in users by id, not by their shared address (the JWT guard runs first)', async () => {
      const remaining = async (token: string) =>
        (await app.request('/api/v1/users/me', { token })).headers.get('x-ratelimit-remaining');
      const [a1, b1, a2] = [
        await remaining(alice.accessToken),
        await remaining(bob.accessToken),
        await remaining(alice.accessToken),
      ];
      expect(Number(b1)).toBe(100); // bob's first request: alice's did not count against him
      expect(Number(a2)).toBe(Number(a1) - 1);
    });

    it('locks an e-mail out of login after its limit, whatever the password and however it is written', async () => {
      const email = (await registerUser(app)).email;
      const attempt = (e: string) =>
        app.request('/api/v1/auth/login', { method: 'POST', json: { email: e, password: 'wrong-password' } });
      const statuses = [];
      for (const e of [email, email.toUpperCase(), ` ${email}`, email])
        statuses.push((await attempt(e)).status);
      // The third variant is rejected by validation (400) but still counted: guards run before pipes.
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses[3]).toBe(429);
    });
  });

  it('200 concurrent requests against a limit of 50 across two instances: exactly 50 pass', async () => {
    const prefix = uniqueKeyPrefix();
    const env = { RATE_LIMIT_DEFAULT_LIMIT: '50' };
    const [a, b] = await Promise.all([start(env, prefix), start(env, prefix)]);
    const { accessToken } = await registerUser(a);
    const { statuses } = await burst(200, (i) =>
      (i % 2 ? a : b).request('/api/v1/users/me', { token: accessToken }),
    );
    expect(statuses).toEqual({ 200: 50, 429: 150 });
  });

  it('a token seen before is counted once per request while its session is checked, and once signed out it is a 401, not a 429', async () => {
    const app = await start({ RATE_LIMIT_DEFAULT_LIMIT: '3' });
    const { accessToken: token } = await registerUser(app);
    const me = () => app.request('/api/v1/users/me', { token });
    // The first use goes through passport-jwt; the second is counted while its session is looked up.
    const first = await me();
    const second = await me();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first, second].map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1']);
    expect((await app.request('/api/v1/auth/logout', { method: 'POST', token })).status).toBe(204);
    // Past the limit of 3 now, but the session is gone: the writer must sign in again, not wait.
    for (const res of [await me(), await me()]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('retry-after')).toBeNull();
      expect(((await res.json()) as { status: number }).status).toBe(401);
    }
  });

  it('with TRUST_PROXY off, a forged X-Forwarded-For does not reset the per-IP login limit', async () => {
    const app = await start({
      TRUST_PROXY: 'false',
      RATE_LIMIT_AUTH_IP_LIMIT: '3',
      RATE_LIMIT_AUTH_EMAIL_LIMIT: '10',
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: `nobody${i}@example.test`, password: 'wrong-password' },
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
