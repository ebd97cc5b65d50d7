import { randomUUID } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';

import { type Cache, CACHE_MANAGER } from '@nestjs/cache-manager';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CacheLoader, NOT_FOUND } from '#src/infra/cache/cache.types.js';

import { uniqueKeyPrefix } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { breakerOf, type CacheInstance, startCacheInstance } from './cache-instance.js';

/** Embedded mode (no REDIS_URL): the L1 over the features' own tables, and every operation still works. */
describe('CacheService without Redis (embedded mode)', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let sql: pg.Client;
  let a: CacheInstance;
  let b: CacheInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await sql.query('CREATE TABLE profiles (id text PRIMARY KEY, value jsonb NOT NULL)');
    const options = {
      databaseUrl: db.url,
      redisUrl: undefined,
      keyPrefix: prefix,
    };
    [a, b] = await Promise.all([startCacheInstance(options), startCacheInstance(options)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sql?.end();
    await db?.drop();
  });

  /** The feature's table below the cache (real PostgreSQL), written back when an upstream answers. */
  const profiles = (key: string): CacheLoader<{ name: string }> => ({
    name: 'postgres',
    kind: 'store',
    load: async () => (await sql.query('SELECT value FROM profiles WHERE id = $1', [key])).rows[0]?.value,
    save: async (value) => void (await sql.query('INSERT INTO profiles VALUES ($1, $2)', [key, value])),
  });

  it("reads through L1 and the feature's table, loads once, and reports healthy with no breaker", async () => {
    const key = randomUUID();
    let calls = 0;
    const api = { name: 'upstream', kind: 'upstream' as const, load: async () => (calls++, { name: 'Lin' }) };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => a.cache.getOrLoad('user', key, [profiles(key), api])),
    );
    expect(calls).toBe(1);
    expect(results[0]).toMatchObject({ found: true, source: 'upstream' });
    expect(await a.cache.getOrLoad('user', key, [profiles(key), api])).toMatchObject({
      source: 'l1',
      hit: true,
    });
    // The other instance has no L1 copy: the table the upstream's answer was written back to answers it.
    expect(await b.cache.getOrLoad('user', key, [profiles(key), api])).toMatchObject({
      found: true,
      value: { name: 'Lin' },
      source: 'postgres',
    });
    expect(calls).toBe(1);
    expect(await a.cache.isHealthy()).toBe(true);
    expect(breakerOf(a)).toBe('disabled');
    expect(a.metrics.snapshot().redis).toEqual({
      configured: false,
      breaker: 'disabled',
      breakerOpenings: 0,
      pendingRepairs: 0,
    });
  });

  it('the distributed-lock namespace loads without a lock, negative caching lives in the L1', async () => {
    const key = randomUUID();
    let calls = 0;
    const gemini = { name: 'gemini', kind: 'upstream' as const, load: async () => (calls++, NOT_FOUND) };
    expect(await a.cache.getOrLoad('llm', key, [gemini])).toEqual({
      found: false,
      source: 'gemini',
      hit: false,
    });
    const dictKey = randomUUID();
    const dict = {
      name: 'free-dictionary',
      kind: 'upstream' as const,
      load: async () => (calls++, NOT_FOUND),
    };
    await a.cache.getOrLoad('dict', dictKey, [dict]);
    expect(await a.cache.getOrLoad('dict', dictKey, [dict])).toEqual({
      found: false,
      source: 'l1',
      hit: true,
    });
    expect(calls).toBe(2);
  });

  it('the in-process bus carries invalidations between instances of one process', async () => {
    await b.cache.set('user', 'shared', { v: 1 });
    expect(await b.cache.get('user', 'shared')).toEqual({ v: 1 }); // in b's L1
    const before = b.metrics.snapshot().bus.received;
    await a.cache.set('user', 'shared', { v: 2 });
    while (b.metrics.snapshot().bus.received === before) await tick();
    // b dropped its old copy; with no shared tier, the next read loads from the feature's layers.
    expect(await b.cache.get('user', 'shared')).toBeUndefined();
    await a.cache.deleteByPrefix('user', 'sha');
    expect(await a.cache.get('user', 'shared')).toBeUndefined();
  });

  it('CACHE_MANAGER falls back to an in-memory store', async () => {
    const manager = a.module.get<Cache>(CACHE_MANAGER);
    await manager.set('k', { ok: true });
    expect(await manager.get('k')).toEqual({ ok: true });
  });
});
