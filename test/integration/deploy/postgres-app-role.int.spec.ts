import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { PG_ADMIN_URL, uniqueName, withAdminClient } from '../../helpers/postgres.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { REPO_ROOT } from './compose-file.js';

const run = promisify(execFile);

/**
 * docker/postgres/app-role.sql, as the Compose stack runs it on PostgreSQL's first start, on the real
 * PostgreSQL: the API works with the rights it grants, and those rights stop at data.
 */
describe('the API as its own data-only PostgreSQL role', () => {
  let db: TestDatabase;
  let app: TestApp;
  const role = uniqueName('pp_app');
  const password = 'app-role-password-1';
  const prefix = uniqueKeyPrefix();
  let appUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new URL(PG_ADMIN_URL);
    await run('psql', [
      '--host',
      admin.hostname,
      '--port',
      admin.port || '5432',
      '--username',
      admin.username,
      '--dbname',
      db.name,
      '--quiet',
      '-v',
      `app_role=${role}`,
      '-v',
      `app_password=${password}`,
      '-v',
      `owner=${admin.username}`,
      '-v',
      `db=${db.name}`,
      '-f',
      `${REPO_ROOT}docker/postgres/app-role.sql`,
    ]);
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    appUrl = url.toString();
    app = await startTestApp({ DATABASE_URL: appUrl, REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await withAdminClient((c) => c.query(`DROP ROLE IF EXISTS "${role}"`));
    await deleteKeysWithPrefix(prefix);
  });

  it('is not a superuser and cannot create roles or databases', async () => {
    const rows = await withAdminClient(
      async (c) =>
        (
          await c.query('SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1', [
            role,
          ])
        ).rows,
    );
    expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
  });

  it('serves a user end to end: register, profile, settings', async () => {
    const user = await registerUser(app);
    const me = await app.request('/api/v1/users/me', { token: user.accessToken });
    expect(await me.json()).toMatchObject({ email: user.email });
    const settings = await app.request('/api/v1/settings', {
      method: 'PATCH',
      token: user.accessToken,
      json: { tone: 'formal' },
    });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ tone: 'formal' });
  });

  it('cannot change the schema', async () => {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      await expect(client.query('CREATE TABLE intruder (id int)')).rejects.toThrow(/permission denied/);
      await expect(client.query('DROP TABLE users')).rejects.toThrow(/must be owner/);
      await expect(client.query('ALTER TABLE users ADD COLUMN x int')).rejects.toThrow(/must be owner/);
      await expect(client.query('TRUNCATE users')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
