import { afterAll, beforeAll, describe } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { authScenarios } from './auth.scenarios.js';

describe('auth with Redis up', () => {
  let db: TestDatabase;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  authScenarios(() => ({ app, dbUrl: db.url }));
});
