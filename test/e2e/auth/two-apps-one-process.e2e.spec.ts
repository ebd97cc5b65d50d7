import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** Passport's strategy registry is process-wide; each app must still check tokens against its own sessions. */
describe('two app instances with different databases in one process', () => {
  const dbs: TestDatabase[] = [];
  const apps: TestApp[] = [];
  const prefixes = [uniqueKeyPrefix(), uniqueKeyPrefix()];

  beforeAll(async () => {
    dbs.push(await createTestDatabase(), await createTestDatabase());
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(prefixes.map((p) => deleteKeysWithPrefix(p)));
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it("keeps accepting the first app's tokens after a second app starts", async () => {
    apps.push(await startTestApp({ DATABASE_URL: dbs[0].url, REDIS_KEY_PREFIX: prefixes[0] }));
    const alice = await registerUser(apps[0]);
    expect((await apps[0].request('/api/v1/users/me', { token: alice.accessToken })).status).toBe(200);

    apps.push(await startTestApp({ DATABASE_URL: dbs[1].url, REDIS_KEY_PREFIX: prefixes[1] }));
    const bob = await registerUser(apps[1]);

    expect((await apps[0].request('/api/v1/users/me', { token: alice.accessToken })).status).toBe(200);
    expect((await apps[1].request('/api/v1/users/me', { token: bob.accessToken })).status).toBe(200);
    // Same secret, but Alice's session does not exist in the second app's database.
    expect((await apps[1].request('/api/v1/users/me', { token: alice.accessToken })).status).toBe(401);
  });

  it('gives every one of many concurrent requests its own identity', async () => {
    const app = apps[0];
    const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(app)));
    const calls = Array.from({ length: 40 }, (_, i) => users[i % users.length]);
    const answers = await Promise.all(
      calls.map(async (u) => {
        const res = await app.request('/api/v1/users/me', { token: u.accessToken });
        return { expected: u.user.id, status: res.status, id: ((await res.json()) as { id: string }).id };
      }),
    );
    for (const a of answers) expect(a).toEqual({ expected: a.expected, status: 200, id: a.expected });
  });
});
