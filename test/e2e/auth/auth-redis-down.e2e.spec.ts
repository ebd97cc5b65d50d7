import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { MANY_LOGINS, meStatus } from './auth.api.js';
import { authScenarios } from './auth.scenarios.js';

/**
 * The same scenarios with the instance's Redis stopped after start-up: session liveness, profiles and
 * rotation must come from PostgreSQL, and revocation must still take effect on the next request.
 */
describe('auth with Redis stopped', () => {
  let db: TestDatabase;
  let redis: PrivateRedisServer;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedisServer.start();
    app = await startTestApp({ ...MANY_LOGINS, DATABASE_URL: db.url, REDIS_URL: redis.url });
    await redis.stop();
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('is really running without Redis', async () => {
    const user = await registerUser(app);
    expect(await meStatus(app, user.accessToken)).toBe(200);
    // Readiness names Redis as down: the 200 above came from PostgreSQL.
    expect((await app.request('/health/ready')).status).toBe(503);
  });

  authScenarios(() => ({ app, dbUrl: db.url }));
});
