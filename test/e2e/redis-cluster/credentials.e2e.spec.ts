import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import {
  deleteKeysWithPrefix,
  rawRedis,
  scanKeys,
  TEST_REDIS_PASSWORD,
  uniqueKeyPrefix,
} from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** The shared password-protected cluster, reached with the credentials in REDIS_CLUSTER_NODES' URLs only. */
describe('REDIS_CLUSTER_NODES with credentials in the URLs', () => {
  let db: TestDatabase;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const password = encodeURIComponent(TEST_REDIS_PASSWORD!);
    app = await startTestApp({
      DATABASE_URL: db.url,
      REDIS_URL: undefined,
      REDIS_PASSWORD: undefined,
      REDIS_KEY_PREFIX: prefix,
      REDIS_CLUSTER_NODES: process.env
        .TEST_REDIS_CLUSTER_NODES!.split(',')
        .map((node) => `redis://:${password}@${node}`)
        .join(','),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('connects, serves and keeps its sessions in the cluster', async () => {
    const user = await registerUser(app);
    const me = await app.request('/api/v1/users/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email });
    const redis = rawRedis();
    try {
      expect((await scanKeys(redis, `${prefix}session:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
