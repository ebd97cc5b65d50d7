import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import {
  DEFAULTS,
  getSettings,
  patchSettings,
  type Problem,
  putSettings,
  SETTINGS_PATH,
} from './settings.api.js';

const FULL = {
  language: 'en-GB',
  tone: 'academic',
  correctionMode: 'clarity',
  disabledRules: ['SpellCheck', 'en.a_an'],
  autoLookup: false,
  theme: 'dark',
  llmEnabled: false,
};

describe('settings API: defaults, validation, versioning, isolation', () => {
  const e2e = useTestApp();
  let sql: pg.Client;

  beforeAll(async () => {
    sql = new pg.Client({ connectionString: e2e.db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
  });

  async function storedRows(userId: string): Promise<number> {
    const { rows } = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM user_settings WHERE user_id = $1',
      [userId],
    );
    return rows[0].n;
  }

  it('gives a new user the defaults at version 0, with an ETag, without storing anything', async () => {
    const { user, accessToken } = await registerUser(e2e.app);
    const res = await getSettings(e2e.app, accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...DEFAULTS, version: 0 });
    expect(res.etag).toMatch(/^"0-[\w-]+"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(await storedRows(user.id)).toBe(0);
  });

  it('replaces with PUT and merges with PATCH, bumping the version and the ETag each time', async () => {
    const { user, accessToken } = await registerUser(e2e.app);
    const put = await putSettings(e2e.app, accessToken, { ...FULL, disabledRules: ['b', 'a', 'b'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...FULL, disabledRules: ['b', 'a'], version: 1 });

    const patch = await patchSettings(e2e.app, accessToken, { theme: 'light', llmEnabled: true });
    expect(patch.body).toEqual({
      ...FULL,
      disabledRules: ['b', 'a'],
      theme: 'light',
      llmEnabled: true,
      version: 2,
    });
    expect(patch.etag).not.toBe(put.etag);

    const read = await getSettings(e2e.app, accessToken);
    expect(read.body).toEqual(patch.body);
    expect(read.etag).toBe(patch.etag);
    expect(await storedRows(user.id)).toBe(1);
  });

  it('answers 400 naming each bad field, and changes nothing', async () => {
    const { accessToken } = await registerUser(e2e.app);
    await patchSettings(e2e.app, accessToken, { theme: 'dark' });

    const put = await putSettings<Problem>(e2e.app, accessToken, {
      ...FULL,
      language: 'fr-FR',
      tone: 'sarcastic',
      autoLookup: 'yes',
      disabledRules: ['ok', 'not a rule id!'],
      llmEnabled: undefined,
      colour: 'red',
    });
    expect(put.status).toBe(400);
    expect(put.headers.get('content-type')).toContain('application/problem+json');
    const fields = put.body.errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['language', 'tone', 'autoLookup', 'disabledRules.1', 'llmEnabled']),
    );
    // The unknown field is named too (in `field` or in the message).
    expect(put.body.errors!.some((e) => `${e.field} ${e.message}`.includes('colour'))).toBe(true);

    const tooMany = await patchSettings<Problem>(e2e.app, accessToken, {
      disabledRules: Array.from({ length: 201 }, (_, i) => `r${i}`),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors!.map((e) => e.field)).toEqual(['disabledRules']);

    const empty = await patchSettings<Problem>(e2e.app, accessToken, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toHaveLength(1);

    expect((await getSettings(e2e.app, accessToken)).body).toEqual({
      ...DEFAULTS,
      theme: 'dark',
      version: 1,
    });
  });

  it('refuses a write with a stale If-Match (412) and accepts the current one, "*" or none', async () => {
    const { accessToken } = await registerUser(e2e.app);
    const v0 = await getSettings(e2e.app, accessToken);

    const first = await patchSettings(e2e.app, accessToken, { tone: 'formal' }, v0.etag!);
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);

    // A second tab still holding version 0.
    const stale = await putSettings<Problem>(e2e.app, accessToken, FULL, v0.etag!);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 1 });
    expect((await getSettings(e2e.app, accessToken)).body).toMatchObject({ tone: 'formal', version: 1 });

    // A weak form of the current tag (as a compressing proxy would send it back) matches.
    expect(
      (await patchSettings(e2e.app, accessToken, { theme: 'dark' }, `W/${first.etag}`)).body.version,
    ).toBe(2);
    expect((await patchSettings(e2e.app, accessToken, { theme: 'light' }, '*')).body.version).toBe(3);
    expect((await patchSettings(e2e.app, accessToken, { theme: 'system' })).body.version).toBe(4);

    const malformed = await patchSettings<Problem>(e2e.app, accessToken, { theme: 'dark' }, 'version-4');
    expect(malformed.status).toBe(400);
  });

  it('lets only one of two tabs writing concurrently from the same version win', async () => {
    const { accessToken } = await registerUser(e2e.app);
    const { etag } = await patchSettings(e2e.app, accessToken, { tone: 'friendly' });
    const [a, b] = await Promise.all([
      patchSettings(e2e.app, accessToken, { theme: 'dark' }, etag!),
      patchSettings(e2e.app, accessToken, { theme: 'light' }, etag!),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    expect((await getSettings(e2e.app, accessToken)).body).toEqual(winner.body);
    expect(winner.body.version).toBe(2);
  });

  it('answers If-None-Match with 304 while the version is current', async () => {
    const { accessToken } = await registerUser(e2e.app);
    const { etag } = await patchSettings(e2e.app, accessToken, { autoLookup: false });
    const unchanged = await getSettings(e2e.app, accessToken, { 'if-none-match': etag! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.etag).toBe(etag);
    await patchSettings(e2e.app, accessToken, { autoLookup: true });
    expect((await getSettings(e2e.app, accessToken, { 'if-none-match': etag! })).status).toBe(200);
  });

  it("never lets one user read or change another user's settings", async () => {
    const alice = await registerUser(e2e.app);
    const bob = await registerUser(e2e.app);
    const aliceSaved = await putSettings(e2e.app, alice.accessToken, FULL);

    // Bob sees his own (default) settings, whatever he tries to name.
    expect((await getSettings(e2e.app, bob.accessToken)).body).toEqual({ ...DEFAULTS, version: 0 });
    const byQuery = await e2e.app.request(`${SETTINGS_PATH}?userId=${alice.user.id}`, {
      token: bob.accessToken,
    });
    expect(await byQuery.json()).toEqual({ ...DEFAULTS, version: 0 });
    expect(
      (await e2e.app.request(`${SETTINGS_PATH}/${alice.user.id}`, { token: bob.accessToken })).status,
    ).toBe(404);
    const byBody = await patchSettings<Problem>(e2e.app, bob.accessToken, {
      userId: alice.user.id,
      theme: 'light',
    });
    expect(byBody.status).toBe(400);

    // Alice's ETag means nothing on Bob's settings, even at the same version.
    await patchSettings(e2e.app, bob.accessToken, { theme: 'light' });
    expect((await patchSettings(e2e.app, bob.accessToken, { tone: 'formal' }, aliceSaved.etag!)).status).toBe(
      412,
    );

    expect((await getSettings(e2e.app, alice.accessToken)).body).toEqual(aliceSaved.body);
    expect((await getSettings(e2e.app, bob.accessToken)).body).toEqual({
      ...DEFAULTS,
      theme: 'light',
      version: 1,
    });
  });

  it('requires authentication', async () => {
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const res = await e2e.app.request(SETTINGS_PATH, {
        method,
        json: method === 'GET' ? undefined : { theme: 'dark' },
      });
      expect(res.status, method).toBe(401);
    }
  });

  it('documents the three routes and their bodies in OpenAPI', async () => {
    const doc = (await (await e2e.app.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const path = doc.paths[SETTINGS_PATH];
    expect(Object.keys(path).sort()).toEqual(['get', 'patch', 'put']);
    expect(JSON.stringify(path.put.requestBody)).toContain('#/components/schemas/ReplaceSettings');
    expect(JSON.stringify(path.patch.requestBody)).toContain('#/components/schemas/PatchSettings');
    expect(JSON.stringify(path.get)).toContain('#/components/schemas/Settings');
  });
});
