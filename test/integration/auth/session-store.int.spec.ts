import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SessionSweeper } from '#src/auth/sessions/session.sweeper.js';

import { MANY_LOGINS } from '../../e2e/auth/auth.api.js';
import { meStatus, sessionIdOf, withDb } from '../../e2e/auth/auth.api.js';
import { loginUser, registerUser } from '../../helpers/auth.js';
import { dropDatabase } from '../../helpers/postgres.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

describe('session store', () => {
  let db: TestDatabase;
  let redis: PrivateRedisServer;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedisServer.start();
    app = await startTestApp({ ...MANY_LOGINS, DATABASE_URL: db.url, REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('sweeps sessions that ended over 30 days ago, with their tokens, and nothing else', async () => {
    const user = await registerUser(app);
    const [live, longExpired, longRevoked, recentlyRevoked] = [
      user,
      await loginUser(app, user),
      await loginUser(app, user),
      await loginUser(app, user),
    ].map((s) => sessionIdOf(s.accessToken));
    await withDb(db.url, async (c) => {
      await c.query(`UPDATE sessions SET expires_at = now() - interval '31 days' WHERE id = $1`, [
        longExpired,
      ]);
      await c.query(`UPDATE sessions SET revoked_at = now() - interval '31 days' WHERE id = $1`, [
        longRevoked,
      ]);
      await c.query(`UPDATE sessions SET revoked_at = now() - interval '1 day' WHERE id = $1`, [
        recentlyRevoked,
      ]);
    });

    expect(await app.app.get(SessionSweeper).sweep()).toBe(2);

    const left = await withDb(db.url, async (c) => ({
      sessions: (await c.query<{ id: string }>('SELECT id FROM sessions ORDER BY id')).rows.map((r) => r.id),
      orphanTokens: (
        await c.query('SELECT 1 FROM refresh_tokens WHERE session_id = ANY($1::uuid[])', [
          [longExpired, longRevoked],
        ])
      ).rowCount,
    }));
    expect(left.sessions).toEqual([live, recentlyRevoked].sort());
    expect(left.orphanTokens).toBe(0);
    expect(await meStatus(app, user.accessToken)).toBe(200);
  });

  // Last: it destroys this file's database.
  it('answers 503, not 401, when neither Redis nor PostgreSQL can confirm the session', async () => {
    const user = await registerUser(app);
    await redis.stop();
    await dropDatabase(db.name);
    const res = await app.request('/api/v1/users/me', { token: user.accessToken });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining('retry') });
  });
});
