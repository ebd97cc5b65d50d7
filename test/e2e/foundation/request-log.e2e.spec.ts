import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { baseTestEnv } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type BuiltService, startBuiltService } from '../admin/built-service.js';

interface RequestLine {
  msg: string;
  req: Record<string, unknown>;
  res: Record<string, unknown>;
}

/** The access log as an operator reads it: the built service's stdout at LOG_LEVEL=info. */
describe('request log (built service, LOG_LEVEL=info)', () => {
  let db: TestDatabase;
  let service: BuiltService | undefined;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startBuiltService(
      baseTestEnv({
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        LOG_LEVEL: 'info',
      }),
    );
  });

  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  it('has one line per request, probes aside, with its method, path and status, and never a credential or the writer’s text', async () => {
    const { url } = service!;
    const email = `log-${randomBytes(5).toString('hex')}@example.test`;
    const password = `pw-${randomBytes(12).toString('base64url')}`;
    const register = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-refresh-transport': 'cookie' },
      body: JSON.stringify({ email, password }),
    });
    expect(register.status).toBe(201);
    const { accessToken } = (await register.json()) as { accessToken: string };
    const cookie = register.headers
      .getSetCookie()
      .find((c) => c.startsWith('pp_refresh='))!
      .split(';')[0];
    const bearer = { authorization: `Bearer ${accessToken}` };

    expect((await fetch(`${url}/api/v1/settings`, { headers: bearer })).status).toBe(200);
    const created = await fetch(`${url}/api/v1/api-keys`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'editor plug-in' }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    // LanguageTool clients may send everything in the query string: the key and the document too.
    const text = `Our Q3 revenue was ${randomBytes(4).toString('hex')} dollars.`;
    const query = new URLSearchParams({ text, language: 'en-US', username: email, apiKey: key });
    const check = await fetch(`${url}/v2/check?${query}`);
    expect(check.status).toBe(200);
    // The Free Dictionary mirror, outside the global prefix too (its upstream is unreachable here).
    const mirror = await fetch(`${url}/api/v2/entries/en/quokka`);
    expect(mirror.status).toBe(503);
    const batch = await fetch(`${url}/api/v1/dictionary/lookup`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ words: ['wombat'] }),
    });
    expect(batch.status).toBe(200);
    const refresh = await fetch(`${url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie, origin: url, 'x-refresh-transport': 'cookie', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refresh.status).toBe(200);

    const parsed = (): RequestLine[] =>
      service!
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as RequestLine);
    const lines = () => parsed().filter((line) => line.msg === 'request completed');
    await expect.poll(() => lines().length, { timeout: 5_000 }).toBeGreaterThanOrEqual(7);
    expect(
      lines().map(({ req, res }) => `${String(req.method)} ${String(req.url)} ${String(res.statusCode)}`),
    ).toEqual([
      'POST /api/v1/auth/register 201',
      'GET /api/v1/settings 200',
      'POST /api/v1/api-keys 201',
      'GET /v2/check 200',
      'GET /api/v2/entries/en/quokka 503',
      'POST /api/v1/dictionary/lookup 200',
      'POST /api/v1/auth/refresh 200',
    ]);
    for (const { req } of lines()) expect(Object.keys(req).sort()).toEqual(['id', 'method', 'url']);
    // A line logged while a request is handled names the request, after its body was read too.
    const [mirrorLine, batchLine] = lines().slice(4, 6);
    const warnings = parsed().filter((line) => line.msg === 'free dictionary unavailable');
    expect(warnings.map(({ req }) => req)).toEqual([mirrorLine.req, batchLine.req]);

    const output = service!.output();
    for (const secret of [accessToken, cookie.split('=')[1], password, key, text.split(' ').at(-2)!, email])
      expect(output).not.toContain(secret);
  });
});
