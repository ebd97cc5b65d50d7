import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { type AdminHarness, startAdminHarness } from './admin-harness.js';

/** Every admin route, plus what is not a route: unknown methods on real paths, unknown paths, the bare prefix. */
const ADMIN_REQUESTS: [method: string, path: string, json?: unknown][] = [
  ['GET', '/api/v1/admin/cache/stats'],
  ['HEAD', '/api/v1/admin/cache/stats'],
  ['DELETE', '/api/v1/admin/cache'],
  ['DELETE', '/api/v1/admin/cache?confirm=session'],
  ['DELETE', '/api/v1/admin/cache/dict'],
  ['DELETE', '/api/v1/admin/cache/session?confirm=session'],
  ['DELETE', '/api/v1/admin/cache/dict/en:legion'],
  ['POST', '/api/v1/admin/cache/warm', { namespace: 'dict', limit: 10 }],
  ['GET', '/api/v1/admin/audit?limit=5'],
  ['DELETE', '/api/v1/admin/dictionary/legion'],
  // Not routes: they must not be told apart from routes before the caller is known to be an admin.
  ['PATCH', '/api/v1/admin/cache'],
  ['PUT', '/api/v1/admin/cache/stats'],
  ['POST', '/api/v1/admin/cache/dict', {}],
  ['OPTIONS', '/api/v1/admin/cache/stats'],
  ['GET', '/api/v1/admin/nothing/here'],
  ['GET', '/api/v1/admin'],
  ['SEARCH', '/api/v1/admin/audit'],
];

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
});
afterAll(() => h?.close());

describe('admin routes: who may call them', () => {
  it.each(ADMIN_REQUESTS)('%s %s is 401 anonymous and 403 for a user', async (method, path, json) => {
    const anonymous = await h.app.request(path, { method, json });
    expect(anonymous.status).toBe(401);
    const user = await h.app.request(path, { method, json, token: h.user.accessToken });
    expect(user.status).toBe(403);
    if (method !== 'HEAD') {
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await user.json()).toMatchObject({ status: 403, type: expect.stringContaining('forbidden') });
    }
  });

  it('an admin gets the routes, and a 404 for what is not one', async () => {
    expect((await h.adminCall('GET', '/api/v1/admin/cache/stats')).status).toBe(200);
    expect((await h.adminCall('PATCH', '/api/v1/admin/cache')).status).toBe(404);
    expect((await h.adminCall('GET', '/api/v1/admin/nothing/here')).body).toMatchObject({
      status: 404,
      detail: expect.stringContaining('GET /api/v1/admin/nothing/here'),
    });
  });

  it('documents the admin routes in OpenAPI, but not the catch-all', async () => {
    const doc = (await (await h.app.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const admin = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/admin'));
    expect(admin.sort()).toEqual([
      '/api/v1/admin/audit',
      '/api/v1/admin/cache',
      '/api/v1/admin/cache/stats',
      '/api/v1/admin/cache/warm',
      '/api/v1/admin/cache/{namespace}',
      '/api/v1/admin/cache/{namespace}/{key}',
      '/api/v1/admin/dictionary/{word}',
    ]);
    expect(doc.paths['/api/v1/admin/cache'].delete.parameters?.map((p) => p.name)).toEqual(['confirm']);
    expect(doc.paths['/api/v1/admin/audit'].get.parameters?.map((p) => p.name)).toEqual(['limit']);
    expect(Object.keys(doc.paths)).toContain('/metrics');
  });

  it('a tampered admin token is refused like no token', async () => {
    const res = await h.app.request('/api/v1/admin/cache/stats', { token: `${h.admin.accessToken}x` });
    expect(res.status).toBe(401);
  });
});

describe('audit trail', () => {
  it('records every admin call — who, what, parameters, result, status, request id — refusals to users included', async () => {
    await h.lookup('legion');
    const user = await registerUser(h.app);
    const calls = [
      await h.adminCall('GET', '/api/v1/admin/cache/stats'),
      await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:legion'),
      await h.adminCall('DELETE', '/api/v1/admin/cache/session'),
      await h.adminCall('DELETE', '/api/v1/admin/cache/nope'),
      await h.adminCall('POST', '/api/v1/admin/cache/warm', { json: { namespace: 'dict', limit: 3 } }),
      await h.adminCall('POST', '/api/v1/admin/cache/warm', { json: { namespace: 'user' } }),
      await h.adminCall('DELETE', '/api/v1/admin/dictionary/legion'),
      await h.adminCall('DELETE', '/api/v1/admin/cache', { token: user.accessToken }),
      await h.adminCall('PATCH', '/api/v1/admin/cache'),
    ];
    // Anonymous calls are refused and not recorded: nobody to name, and anyone could fill the table.
    expect((await h.app.request('/api/v1/admin/cache', { method: 'DELETE' })).status).toBe(401);
    expect(calls.map((c) => c.status)).toEqual([200, 200, 409, 404, 200, 400, 200, 403, 404]);

    const { status, body } = await h.adminCall('GET', `/api/v1/admin/audit?limit=${calls.length}`);
    expect(status).toBe(200);
    const rows = [...body.items].reverse();
    expect(rows.map((r: { requestId: string }) => r.requestId)).toEqual(calls.map((c) => c.requestId));
    const admin = { id: h.admin.user.id, email: h.admin.email };
    expect(rows).toEqual([
      expect.objectContaining({ actor: admin, action: 'cache.stats', status: 200, params: {}, result: {} }),
      expect.objectContaining({
        action: 'cache.flush',
        status: 200,
        params: { params: { namespace: 'dict', key: 'en:legion' } },
        result: { namespace: 'dict', key: 'en:legion', removed: 1 },
      }),
      expect.objectContaining({
        action: 'cache.flush',
        status: 409,
        params: { params: { namespace: 'session' } },
        result: {
          error: expect.stringContaining('conflict'),
          detail: expect.stringContaining('?confirm=session'),
        },
      }),
      expect.objectContaining({
        action: 'cache.flush',
        status: 404,
        result: expect.objectContaining({ error: expect.stringContaining('not-found') }),
      }),
      expect.objectContaining({
        action: 'cache.warm',
        status: 200,
        params: { body: { namespace: 'dict', limit: 3 } },
        result: { namespace: 'dict', limit: 3, warmed: 1 },
      }),
      expect.objectContaining({
        action: 'cache.warm',
        status: 400,
        result: expect.objectContaining({ error: expect.stringContaining('validation') }),
      }),
      expect.objectContaining({
        action: 'dictionary.refresh',
        status: 200,
        params: { params: { word: 'legion' } },
        result: { word: 'legion', language: 'en', removedFromDatabase: true },
      }),
      expect.objectContaining({
        actor: { id: user.user.id, email: user.email },
        action: 'cache.flush',
        status: 403,
        result: expect.objectContaining({ error: expect.stringContaining('forbidden') }),
      }),
      expect.objectContaining({ actor: admin, action: 'admin.unknown-route', status: 404 }),
    ]);
    for (const row of rows) expect(Date.parse(row.at)).toBeGreaterThan(Date.now() - 60_000);

    // Durable: the rows are in PostgreSQL, and the listing itself was recorded too.
    const stored = await h.sql<{ n: string }>(
      `SELECT count(*) AS n FROM admin_audit_log WHERE action = 'audit.list' AND status = 200`,
    );
    expect(Number(stored[0].n)).toBe(1);
  });

  it('records a call whose parameters hold a NUL (PostgreSQL refuses it in jsonb), marked as ␀', async () => {
    const calls = [
      await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:x%00y'),
      // A backslash followed by "u0000" is text, not a NUL, and is kept as it came.
      await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:x%5Cu0000y'),
    ];
    expect(calls.map((c) => c.status)).toEqual([200, 200]);
    const { body } = await h.adminCall('GET', `/api/v1/admin/audit?limit=${calls.length}`);
    const rows = [...body.items].reverse();
    expect(rows.map((r: { requestId: string }) => r.requestId)).toEqual(calls.map((c) => c.requestId));
    expect(rows.map((r: { params: unknown }) => r.params)).toEqual([
      { params: { namespace: 'dict', key: 'en:x\u2400y' } },
      { params: { namespace: 'dict', key: 'en:x\\u0000y' } },
    ]);
  });

  it('lists the latest rows first, as many as asked, and validates the limit', async () => {
    const { body } = await h.adminCall('GET', '/api/v1/admin/audit?limit=2');
    expect(body.items).toHaveLength(2);
    expect(Date.parse(body.items[0].at)).toBeGreaterThanOrEqual(Date.parse(body.items[1].at));
    expect(body.items[0].action).toBe('audit.list');
    for (const bad of ['0', '501', 'ten']) {
      const res = await h.adminCall('GET', `/api/v1/admin/audit?limit=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    }
  });
});
