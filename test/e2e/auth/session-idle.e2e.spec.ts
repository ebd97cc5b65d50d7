import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { MANY_LOGINS, meStatus, refresh, sessionIdOf, withDb } from './auth.api.js';

/** Security review: a session nobody refreshed for AUTH_SESSION_IDLE_TTL_SECONDS has ended. */
describe('session idle timeout', () => {
  let db: TestDatabase;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      ...MANY_LOGINS,
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: prefix,
      AUTH_SESSION_IDLE_TTL_SECONDS: '3600',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  const idleFor = (accessToken: string, interval: string) =>
    withDb(db.url, (c) =>
      c.query(`UPDATE sessions SET last_used_at = now() - $2::interval WHERE id = $1`, [
        sessionIdOf(accessToken),
        interval,
      ]),
    );

  it('refuses the access and refresh tokens of a session idle for longer than the idle TTL', async () => {
    const user = await registerUser(app);
    await idleFor(user.accessToken, '61 minutes');
    expect(await meStatus(app, user.accessToken)).toBe(401);
    expect((await refresh(app, user.refreshToken)).status).toBe(401);
  });

  it('keeps a session that was refreshed within the idle TTL', async () => {
    const user = await registerUser(app);
    await idleFor(user.accessToken, '59 minutes');
    const res = await refresh(app, user.refreshToken);
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    expect(await meStatus(app, accessToken)).toBe(200);
  });
});
