import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { MANY_LOGINS } from '../auth/auth.api.js';

/**
 * Architecture issue §1: PostgreSQL stopped under a running service. Cached reads keep answering; writes
 * and logins are a 503 problem naming PostgreSQL, with Retry-After — never a 500, never a hang — and
 * everything works again once it is back, without a restart.
 */
describe('PostgreSQL down under a running service', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: TestApp;
  let user: RegisteredUser;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    app = await startTestApp({ ...MANY_LOGINS, DATABASE_URL: url.toString(), REDIS_KEY_PREFIX: prefix });
    user = await registerUser(app);
    // Warm the caches a writer's editor reads on every request.
    expect((await app.request('/api/v1/settings', { token: user.accessToken })).status).toBe(200);
    expect((await app.request('/api/v1/users/me', { token: user.accessToken })).status).toBe(200);
    await proxy.stop();
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  const expectDependencyDown = async (res: Response) => {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 503,
      type: 'https://prosepolish.dev/problems/dependency-unavailable',
      dependency: 'postgresql',
      detail: expect.stringContaining('PostgreSQL'),
    });
  };

  const patchSettings = () =>
    app.request('/api/v1/settings', { method: 'PATCH', token: user.accessToken, json: { tone: 'formal' } });

  it('keeps answering cached reads', async () => {
    const res = await app.request('/api/v1/settings', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ language: expect.any(String) });
  });

  it('answers PATCH /settings, login and register with a 503 naming PostgreSQL, quickly', async () => {
    const started = performance.now();
    await expectDependencyDown(await patchSettings());
    await expectDependencyDown(
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: user.email, password: user.password },
      }),
    );
    await expectDependencyDown(
      await app.request('/api/v1/auth/register', {
        method: 'POST',
        json: { email: 'new-writer@example.test', password: 'a long enough password' },
      }),
    );
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('opens the PostgreSQL circuit: further writes are refused at once, and the metrics say why', async () => {
    const started = performance.now();
    await expectDependencyDown(await patchSettings());
    expect(performance.now() - started).toBeLessThan(200);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('circuit_breaker_state{circuit="postgresql",kind="datastore",state="open"} 1');
  });

  it('works again, without a restart, once PostgreSQL is back', async () => {
    await proxy.start();
    // The breaker's background probe finds it within its open time (2 s); until then, 503 + Retry-After.
    let res: Response;
    const deadline = performance.now() + 5_000;
    do {
      res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: user.email, password: user.password },
      });
      if (res.status === 503) await new Promise((r) => setTimeout(r, 200));
    } while (res.status === 503 && performance.now() < deadline);
    expect(res.status).toBe(200);
    const patched = await patchSettings();
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ tone: 'formal' });
  });
});
