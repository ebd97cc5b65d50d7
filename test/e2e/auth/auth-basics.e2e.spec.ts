import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdmin, loginUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

describe('register, login, profile', () => {
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

  it('registers, logs in and reads the profile', async () => {
    const registered = await registerUser(app, { displayName: 'Ada' });
    expect(registered.user).toMatchObject({ email: registered.email, displayName: 'Ada', role: 'user' });
    const me = await app.request('/api/v1/users/me', { token: registered.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(registered.user);
    const login = await loginUser(app, registered);
    expect(login.user.id).toBe(registered.user.id);
  });

  it('admin', async () => {
    const admin = await createAdmin(app);
    expect(admin.user.role).toBe('admin');
  });
});
