import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';

import type { TestApp } from '../../helpers/test-app.js';
import { type AdminHarness, startAdminHarness } from './admin-harness.js';

/** The `sid` claim of an access token (the session id its cache key is built from). */
function sessionIdOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

const RELOADED = 'changed in PostgreSQL after the instances cached it';

describe('admin cache flush and warm-up (two instances, L1 on)', () => {
  let h: AdminHarness;
  let b: TestApp;
  /** Keys that are not this app's cache: a bare one, another app's `dict:` key, … */
  const foreign = [
    `other:keep:${randomBytes(4).toString('hex')}`,
    `tother${randomBytes(3).toString('hex')}:dict:en:legion`,
  ];

  beforeAll(async () => {
    h = await startAdminHarness();
    b = await h.anotherInstance();
    for (const key of foreign) await h.redis.set(key, 'keep me', 'EX', 600);
  });
  afterAll(async () => {
    // One by one: on a cluster the keys sit in different slots.
    for (const key of foreign) await h?.redis.del(key);
    await h?.close();
  });

  const receivedOnB = () => b.app.get(CacheMetrics).snapshot().bus.received;
  const settings = (on: TestApp = h.app) => on.request('/api/v1/settings', { token: h.user.accessToken });

  it('flushing dict removes only dict keys, and the other instance stops serving them from its L1', async () => {
    for (const word of ['legion', 'hello']) {
      expect((await h.lookup(word)).source).toBe('free-dictionary');
      expect((await h.lookup(word, b)).source).toBe('redis');
      expect((await h.lookup(word, b)).source).toBe('l1');
    }
    expect((await settings()).status).toBe(200);
    const dictKeys = await h.keys(`${h.prefix}dict:*`);
    expect(dictKeys).toHaveLength(2);
    const otherKeys = (await h.keys(`${h.prefix}*`)).filter((k) => !k.startsWith(`${h.prefix}dict:`));
    expect(otherKeys).toContain(`${h.prefix}settings:${h.user.user.id}`);
    // The source of truth changes; the flush must make every instance see it.
    await h.sql(
      `UPDATE dictionary_entries SET payload = jsonb_set(payload, '{0,meanings,0,definitions,0,definition}', $1) WHERE word = 'legion'`,
      [JSON.stringify(RELOADED)],
    );
    const received = receivedOnB();

    const flush = await h.adminCall('DELETE', '/api/v1/admin/cache/dict');
    expect(flush).toMatchObject({ status: 200, body: { namespace: 'dict', removed: 2 } });

    expect(await h.keys(`${h.prefix}dict:*`)).toEqual([]);
    const survivors = await h.keys(`${h.prefix}*`);
    for (const key of otherKeys) expect(survivors).toContain(key);
    for (const key of foreign) expect(await h.redis.get(key)).toBe('keep me');

    // B hears of the flush on the bus, then answers from PostgreSQL — the new value, not its L1 copy.
    await expect.poll(receivedOnB, { timeout: 2_000, interval: 10 }).toBeGreaterThan(received);
    const onB = await h.lookup('legion', b);
    expect(onB.source).toBe('postgres');
    expect(onB.body[0].meanings[0].definitions[0].definition).toBe(RELOADED);
    expect((await h.lookup('legion')).body[0].meanings[0].definitions[0].definition).toBe(RELOADED);
    expect(h.fake.count('legion')).toBe(1);
  });

  it('one key: says whether it was there; unknown namespaces are 404; session needs ?confirm=session', async () => {
    await h.lookup('test');
    expect((await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:test')).body).toEqual({
      namespace: 'dict',
      key: 'en:test',
      removed: 1,
    });
    expect((await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:test')).body).toEqual({
      namespace: 'dict',
      key: 'en:test',
      removed: 0,
    });
    expect(await h.keys(`${h.prefix}dict:en:test`)).toEqual([]);

    const unknown = await h.adminCall('DELETE', '/api/v1/admin/cache/sessions');
    expect(unknown).toMatchObject({
      status: 404,
      body: {
        type: expect.stringContaining('not-found'),
        namespaces: expect.arrayContaining(['dict', 'session']),
      },
    });
    const sessionKeys = await h.keys(`${h.prefix}session:*`);
    expect(sessionKeys.length).toBeGreaterThan(0);
    expect((await h.adminCall('DELETE', '/api/v1/admin/cache/session')).status).toBe(409);
    expect((await h.adminCall('DELETE', '/api/v1/admin/cache/session?confirm=yes')).status).toBe(400);
    expect(await h.keys(`${h.prefix}session:*`)).toEqual(sessionKeys);
  });

  it('flushing everything skips session unless confirmed, and never touches other keys', async () => {
    await h.lookup('legion');
    expect((await settings()).status).toBe(200);
    const rateLimitKeys = await h.keys(`${h.prefix}rl:*`);
    expect(rateLimitKeys.length).toBeGreaterThan(0);
    const sessionKeys = await h.keys(`${h.prefix}session:*`);

    const all = await h.adminCall('DELETE', '/api/v1/admin/cache');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      namespace: null,
      skipped: ['session'],
      byNamespace: { dict: 1, settings: 1 },
    });
    expect(all.body.byNamespace).not.toHaveProperty('session');
    expect(all.body.removed).toBe(
      Object.values(all.body.byNamespace as Record<string, number>).reduce((a, n) => a + n, 0),
    );
    for (const ns of ['dict', 'settings', 'user', 'llm'])
      expect(await h.keys(`${h.prefix}${ns}:*`)).toEqual([]);
    expect(await h.keys(`${h.prefix}session:*`)).toEqual(expect.arrayContaining(sessionKeys));

    const confirmed = await h.adminCall('DELETE', '/api/v1/admin/cache?confirm=session');
    expect(confirmed.body.byNamespace.session).toBeGreaterThan(0);
    expect(confirmed.body).not.toHaveProperty('skipped');
    // The admin's own request re-cached its session; the user's is gone. Nobody is logged out:
    // liveness is read again from PostgreSQL (and cached again).
    const userSession = `${h.prefix}session:${sessionIdOf(h.user.accessToken)}`;
    expect(sessionKeys).toContain(userSession);
    expect(await h.keys(userSession)).toEqual([]);
    expect((await settings(b)).status).toBe(200);
    expect(await h.keys(userSession)).toEqual([userSession]);

    const survivors = await h.keys(`${h.prefix}rl:*`);
    for (const key of rateLimitKeys) expect(survivors).toContain(key);
    for (const key of foreign) expect(await h.redis.get(key)).toBe('keep me');
  });

  it('warm-up fills Redis with the most looked-up entries from PostgreSQL', async () => {
    for (const word of ['legion', 'hello', 'test', 'cumbersome'])
      expect((await h.lookup(word)).status).toBe(200);
    await h.sql(
      `UPDATE dictionary_entries SET lookup_count = CASE word WHEN 'test' THEN 500 WHEN 'hello' THEN 400 WHEN 'legion' THEN 100 ELSE 1 END`,
    );
    await h.adminCall('DELETE', '/api/v1/admin/cache/dict');
    expect(await h.keys(`${h.prefix}dict:*`)).toEqual([]);
    const upstreamCalls = h.fake.count();

    const warm = await h.adminCall('POST', '/api/v1/admin/cache/warm', {
      json: { namespace: 'dict', limit: 2 },
    });
    expect(warm).toMatchObject({ status: 200, body: { namespace: 'dict', limit: 2, warmed: 2 } });
    expect(await h.keys(`${h.prefix}dict:*`)).toEqual([
      `${h.prefix}dict:en:hello`,
      `${h.prefix}dict:en:test`,
    ]);
    // The other instance reads them from Redis; nobody asks the upstream.
    const test = await h.lookup('test', b);
    expect(test.source).toBe('redis');
    expect(test.body[0].word).toBe('test');
    expect((await h.lookup('hello', b)).source).toBe('redis');
    expect(h.fake.count()).toBe(upstreamCalls);

    const all = await h.adminCall('POST', '/api/v1/admin/cache/warm', { json: { namespace: 'dict' } });
    expect(all.body.warmed).toBe(4);
  });

  it('warm-up validates its body', async () => {
    for (const json of [
      { namespace: 'user', limit: 5 },
      { namespace: 'dict', limit: 0 },
      { namespace: 'dict', limit: 5001 },
      { namespace: 'dict', extra: 1 },
      {},
    ]) {
      const res = await h.adminCall('POST', '/api/v1/admin/cache/warm', { json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });
});
