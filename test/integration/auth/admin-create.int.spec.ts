import { verify } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';

import { runAdminCreate } from '#src/auth/admin/admin-create.command.js';

import { MANY_LOGINS } from '../../e2e/auth/auth.api.js';
import { withDb } from '../../e2e/auth/auth.api.js';
import { createAdmin, loginUser, registerUser } from '../../helpers/auth.js';
import { TEST_REDIS_URL } from '../../helpers/redis.js';
import { useTestApp } from '../../helpers/use-test-app.js';

/** `npm run admin:create` (its command function) against a real database, and the account it makes. */
describe('admin:create', () => {
  const e2e = useTestApp(MANY_LOGINS);

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCreate(argv, {
      env: { DATABASE_URL: e2e.db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: e2e.prefix },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const roleOf = (email: string) =>
    withDb(
      e2e.db.url,
      async (c) =>
        (
          await c.query<{ role: string; password_hash: string }>(
            'SELECT role, password_hash FROM users WHERE email = $1',
            [email],
          )
        ).rows[0],
    );

  it('creates an admin who can log in with an admin token', async () => {
    const result = await run('--email', 'Root@Example.test', '--password', 'a long admin password');
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringContaining('Created admin root@example.test'),
    });
    const row = await roleOf('root@example.test');
    expect(row.role).toBe('admin');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(row.password_hash, 'a long admin password')).toBe(true);

    const session = await loginUser(e2e.app, {
      email: 'root@example.test',
      password: 'a long admin password',
    });
    expect(session.user.role).toBe('admin');
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()) as {
      role: string;
    };
    expect(claims.role).toBe('admin');
  });

  it('refuses to create over an existing account: exit 1, role and password untouched (security review #6)', async () => {
    // A stranger registers the operator's address before the operator runs admin:create.
    const squatter = await registerUser(e2e.app, { email: 'admin-squat@example.test' });
    const before = await roleOf(squatter.email);
    const result = await run('--email', squatter.email, '--password', 'the operator password');
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `An account with the email ${squatter.email} already exists; nothing was changed`,
    );
    expect(result.err).toContain('--promote');
    expect(await roleOf(squatter.email)).toEqual(before);
    expect(before.role).toBe('user');
    // The squatter's next login still carries the user role, and the operator's password does not work.
    expect((await loginUser(e2e.app, squatter)).user.role).toBe('user');
    const operator = await e2e.app.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: squatter.email, password: 'the operator password' },
    });
    expect(operator.status).toBe(401);
  });

  it('--promote makes an existing account admin, keeps its password and says whose account it was', async () => {
    const user = await registerUser(e2e.app, { displayName: 'Ada Operator' });
    const before = await roleOf(user.email);
    expect(before.role).toBe('user');
    const result = await run('--email', user.email, '--promote');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      new RegExp(`^Promoted "Ada Operator" ${user.email} \\([0-9a-f-]{36}, registered \\d{4}-`),
    );
    const after = await roleOf(user.email);
    expect(after).toEqual({ role: 'admin', password_hash: before.password_hash });
    expect((await loginUser(e2e.app, user)).user.role).toBe('admin');
  });

  it('--promote takes effect on the next request of a session that is already signed in', async () => {
    const user = await registerUser(e2e.app);
    const stats = () => e2e.app.request('/api/v1/admin/cache/stats', { token: user.accessToken });
    expect((await stats()).status).toBe(403); // and its liveness is now cached with role user
    const result = await run('--email', user.email, '--promote');
    expect(result.out).toContain('have the admin role from their next request');
    const after = await stats();
    expect(after.status).toBe(200);
    expect(await after.json()).toHaveProperty('namespaces');
  });

  it('--promote of an unknown email exits 1 and creates nothing', async () => {
    const result = await run('--email', 'ghost@example.test', '--promote');
    expect(result.code).toBe(1);
    expect(result.err).toContain('No account has the email ghost@example.test');
    expect(await roleOf('ghost@example.test')).toBeUndefined();
  });

  it('refuses bad usage without touching the database', async () => {
    expect((await run('--email', 'nobody@example.test')).code).toBe(2);
    expect(await roleOf('nobody@example.test')).toBeUndefined();
    // --promote takes no password: a password would suggest it is set, and it is not.
    expect(
      (await run('--email', 'both@example.test', '--promote', '--password', 'long enough password')).code,
    ).toBe(2);
    expect((await run('--email', 'weak@example.test', '--password', 'short')).code).toBe(2);
    expect((await run('--email', 'not-an-email', '--password', 'long enough password')).code).toBe(2);
    expect((await run('--bogus')).code).toBe(2);
    // Unset, DATABASE_URL means the embedded PostgreSQL (test/e2e/embedded); set, it must be PostgreSQL's.
    const err: string[] = [];
    const notPostgres = await runAdminCreate(
      ['--email', 'x@example.test', '--password', 'long enough password'],
      { env: { DATABASE_URL: 'mysql://root@127.0.0.1/app' }, out: () => {}, err: (l) => err.push(l) },
    );
    expect(notPostgres).toBe(2);
    expect(err).toEqual([
      'DATABASE_URL must be the PostgreSQL the service uses (postgresql://…), or unset for the embedded one.',
    ]);
  });

  it('backs the test helper createAdmin', async () => {
    const admin = await createAdmin(e2e.app);
    expect(admin.user.role).toBe('admin');
    const me = await e2e.app.request('/api/v1/users/me', { token: admin.accessToken });
    expect(await me.json()).toMatchObject({ role: 'admin' });
  });
});
