/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

describe('foundation: health, problem details, request ids, OpenAPI', () => {
  let db: TestDatabase;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix });
  });

  afterAll(async () => {
    await app?.close();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  it('answers liveness and readiness outside the /api/v1 prefix', async () => {
    const live = await app.request('/health/live');
    expect(live.status).toBe(200);
    expect((await live.json()) as any).toEqual({ status: 'ok' });

    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as any;
    expect(body.details.postgres.status).toBe('up');
    expect(body.details.redis.status).toBe('up');
  });

  it('answers an unknown route with a 404 problem and echoes a well-formed X-Request-Id', async () => {
    const res = await app.request('/api/v1/no-such-thing', {
      headers: { 'x-request-id': 'editor-req-12345' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('x-request-id')).toBe('editor-req-12345');
    const problem = (await res.json()) as any;
    expect(problem).toMatchObject({ status: 404, title: 'Not Found', requestId: 'editor-req-12345' });
    expect(problem.type).toMatch(/^https:\/\//);
    expect(typeof problem.detail).toBe('string');
  });

  it('replaces a malformed X-Request-Id with a generated one', async () => {
    const res = await app.request('/health/live', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects malformed JSON with a 400 problem, not a 500', async () => {
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = (await (await app.request('/docs-json')).json()) as any;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/health/ready');
    const ui = await app.request('/docs');
    expect(ui.status).toBe(200);
  });
});

describe('readiness with Redis down', () => {
  it('is 503 and names Redis', async () => {
    const redis = await PrivateRedisServer.start();
    const db = await createTestDatabase();
    const app = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: redis.url });
    try {
      expect((await app.request('/health/ready')).status).toBe(200);
      await redis.stop();
      const res = await app.request('/health/ready');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as any;
      expect(problem.down).toEqual(['redis']);
      expect(problem.detail).toContain('redis');
    } finally {
      await app.close();
      await redis.stop();
      await db.drop();
    }
  });
});
