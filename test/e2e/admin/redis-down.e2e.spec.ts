import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { type AdminHarness, startAdminHarness } from './admin-harness.js';

describe('admin cache operations while Redis is down', () => {
  let redis: PrivateRedisServer;
  let h: AdminHarness;

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    h = await startAdminHarness({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
    expect((await h.lookup('legion')).status).toBe(200);
    await redis.stop();
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it('flushes and warm-ups answer 503 instead of pretending to have done it', async () => {
    for (const [method, path, json] of [
      ['DELETE', '/api/v1/admin/cache'],
      ['DELETE', '/api/v1/admin/cache/dict'],
      ['DELETE', '/api/v1/admin/cache/dict/en:legion'],
      ['POST', '/api/v1/admin/cache/warm', { namespace: 'dict', limit: 5 }],
    ] as const) {
      const res = await h.adminCall(method, path, { json });
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.body).toMatchObject({
        type: expect.stringContaining('cache-unavailable'),
        detail: expect.stringContaining('Redis is unavailable'),
      });
    }
    // Still audited, as failures.
    const { body } = await h.adminCall('GET', '/api/v1/admin/audit?limit=4');
    expect(body.items.map((r: { status: number }) => r.status)).toEqual([503, 503, 503, 503]);
  });

  it('stats still answer, with what could be read and why the rest could not', async () => {
    const { status, body } = await h.adminCall('GET', '/api/v1/admin/cache/stats');
    expect(status).toBe(200);
    expect(body.redis).toMatchObject({ configured: true, server: null, error: expect.any(String) });
    expect(body.namespaces.dict.keys).toBeNull();
    expect(body.namespaces.dict.layers.upstream.hits).toBe(1);
  });
});
