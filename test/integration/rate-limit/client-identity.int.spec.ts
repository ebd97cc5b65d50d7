import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { type RateLimitTestApp, startRateLimitApp } from './rate-limit-test-app.js';

const LIMITS = {
  RATE_LIMIT_AUTH_IP_LIMIT: '3',
  RATE_LIMIT_AUTH_EMAIL_LIMIT: '3',
  RATE_LIMIT_AUTH_BLOCK_SECONDS: '60',
};

/** Logs in with a fresh e-mail each time (so only the per-IP limit can bite), claiming to come from `forwardedFor`. */
const login = (app: RateLimitTestApp, i: number, forwardedFor?: string, email = `user${i}@example.test`) =>
  app.request('/api/v1/rl/login', {
    method: 'POST',
    json: { email, password: 'guess' },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

describe('who is counted', () => {
  const prefixes: string[] = [];
  const apps: RateLimitTestApp[] = [];
  const start = async (env: Record<string, string>, options?: { authFirst?: boolean }) => {
    const prefix = uniqueKeyPrefix();
    prefixes.push(prefix);
    const app = await startRateLimitApp({ REDIS_KEY_PREFIX: prefix, ...LIMITS, ...env }, options);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(prefixes.map((p) => deleteKeysWithPrefix(p)));
  });

  describe('with TRUST_PROXY off (the default)', () => {
    let app: RateLimitTestApp;
    beforeAll(async () => (app = await start({ TRUST_PROXY: 'false' })));

    it('a forged X-Forwarded-For does not mint a new identity: the login limit still applies', async () => {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(app, i, `203.0.113.${i + 1}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });
  });

  describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
    let app: RateLimitTestApp;
    beforeAll(async () => (app = await start({ TRUST_PROXY: '1' })));

    it('each forwarded client address has its own per-IP budget', async () => {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(app, i, `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    });

    it('the per-email limit counts per address, however the address is capitalised: strangers cannot lock the owner out', async () => {
      const emails = [
        'victim@example.test',
        'Victim@Example.test',
        ' VICTIM@example.test',
        'victim@example.test',
      ];
      const fromOne = [];
      for (const email of emails) fromOne.push((await login(app, 0, '192.0.2.1', email)).status);
      expect(fromOne).toEqual([200, 200, 200, 429]);
      // The same e-mail from another address has its own budget.
      expect((await login(app, 0, '192.0.2.2', 'victim@example.test')).status).toBe(200);
    });
  });

  // Global guards run in the order their modules are imported: the limiter must come after the auth guard
  // (as in AppModule) to count signed-in users by id rather than by address.
  describe('guard order', () => {
    const twoUsersOneAddress = async (app: RateLimitTestApp) => {
      const remaining = [];
      for (const user of ['alice', 'bob']) {
        const res = await app.request('/api/v1/rl/default', { headers: { 'x-test-user': user } });
        remaining.push(res.headers.get('x-ratelimit-remaining'));
      }
      return remaining;
    };

    it('auth imported first: two users behind one address have separate budgets', async () => {
      const app = await start({ RATE_LIMIT_DEFAULT_LIMIT: '10' });
      expect(await twoUsersOneAddress(app)).toEqual(['9', '9']);
    });

    it('rate limiting imported first: the user is not known yet and both share the address budget', async () => {
      const app = await start({ RATE_LIMIT_DEFAULT_LIMIT: '10' }, { authFirst: false });
      expect(await twoUsersOneAddress(app)).toEqual(['9', '8']);
    });
  });
});
