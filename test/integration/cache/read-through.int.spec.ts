import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CacheLoader, NOT_FOUND } from '#src/infra/cache/cache.types.js';

import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { TEST_REDIS_URL } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type CacheInstance, startCacheInstance } from './cache-instance.js';

interface Entry {
  word: string;
  meaning: string;
}

/** Read-through on the real Redis and PostgreSQL: what is filled where, and who answers next. */
describe('CacheService read-through (Redis + PostgreSQL)', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let sql: pg.Client;
  let redis: Redis;
  let instance: CacheInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    redis = rawRedis();
    instance = await startCacheInstance({
      databaseUrl: db.url,
      redisUrl: TEST_REDIS_URL,
      keyPrefix: prefix,
      tuning: { refreshBackoffMs: 200 },
      // L1 off where the test is about Redis/PostgreSQL answering.
      namespaces: {
        user: { l1: false },
        dict: { l1: false, negativeTtlMs: 60_000 },
        plain: { l1: false, softTtlMs: 100 },
      },
    });
  });

  afterAll(async () => {
    await instance?.close();
    await deleteKeysWithPrefix(prefix);
    redis?.disconnect();
    await sql?.end();
    await db?.drop();
  });

  /** An upstream that counts its calls. */
  function upstream<T>(answer: () => T | typeof NOT_FOUND | Promise<T | typeof NOT_FOUND>) {
    const layer = {
      name: 'free-dictionary',
      kind: 'upstream' as const,
      calls: 0,
      load: async () => (layer.calls++, answer()),
    };
    return layer;
  }

  /** A real PostgreSQL store layer over dictionary_entries, as the dictionary module would write it. */
  function dictionaryTable(word: string): CacheLoader<Entry> & { loads: number } {
    const layer = {
      name: 'postgres',
      kind: 'store' as const,
      loads: 0,
      load: async () => {
        layer.loads++;
        const { rows } = await sql.query<{ payload: Entry }>(
          'SELECT payload FROM dictionary_entries WHERE word = $1',
          [word],
        );
        return rows[0]?.payload;
      },
      save: async (value: Entry) => {
        await sql.query(
          `INSERT INTO dictionary_entries (id, word, language, source, payload) VALUES ($1, $2, 'en', 'free-dictionary', $3)
           ON CONFLICT (word, language) DO UPDATE SET payload = EXCLUDED.payload`,
          [randomUUID(), word, JSON.stringify(value)],
        );
      },
    };
    return layer;
  }

  it('fills Redis and the PostgreSQL store; answers next from Redis, then from PostgreSQL once the Redis key is gone', async () => {
    const word = `serendipity-${randomUUID().slice(0, 8)}`;
    const table = dictionaryTable(word);
    const api = upstream<Entry>(() => ({ word, meaning: 'a happy accident' }));

    const first = await instance.cache.getOrLoad('dict', `en:${word}`, [table, api]);
    expect(first).toEqual({
      found: true,
      value: { word, meaning: 'a happy accident' },
      source: 'free-dictionary',
      hit: false,
      stale: false,
    });
    // Filled: the PostgreSQL table (write-back) and Redis (enveloped, with a TTL).
    const { rows } = await sql.query('SELECT payload FROM dictionary_entries WHERE word = $1', [word]);
    expect(rows[0].payload).toEqual({ word, meaning: 'a happy accident' });
    const stored = JSON.parse((await redis.get(`${prefix}dict:en:${word}`))!);
    expect(stored).toMatchObject({ v: 1, d: { word, meaning: 'a happy accident' } });
    expect(await redis.pttl(`${prefix}dict:en:${word}`)).toBeGreaterThan(3_500_000);

    const second = await instance.cache.getOrLoad('dict', `en:${word}`, [table, api]);
    expect(second).toMatchObject({ found: true, source: 'redis', hit: true });
    expect(table.loads).toBe(1);

    await redis.unlink(`${prefix}dict:en:${word}`);
    const third = await instance.cache.getOrLoad('dict', `en:${word}`, [table, api]);
    expect(third).toMatchObject({
      found: true,
      value: { word, meaning: 'a happy accident' },
      source: 'postgres',
      hit: false,
    });
    expect(api.calls).toBe(1);
    // …and Redis was refilled from PostgreSQL.
    expect(await redis.exists(`${prefix}dict:en:${word}`)).toBe(1);
  });

  it('caches a definitive "not found", but never a failure', async () => {
    const word = randomUUID();
    const missing = upstream(() => NOT_FOUND);
    expect(await instance.cache.getOrLoad('dict', word, [missing])).toEqual({
      found: false,
      source: 'free-dictionary',
      hit: false,
    });
    expect(await instance.cache.getOrLoad('dict', word, [missing])).toEqual({
      found: false,
      source: 'redis',
      hit: true,
    });
    expect(missing.calls).toBe(1);

    const other = randomUUID();
    const timeout = new Error('upstream timed out');
    const flaky = upstream<Entry>(() => Promise.reject(timeout));
    const saysNo = upstream(() => NOT_FOUND);
    await expect(instance.cache.getOrLoad('dict', other, [flaky, saysNo])).rejects.toBe(timeout);
    expect(await redis.exists(`${prefix}dict:${other}`)).toBe(0);
    const recovered = upstream(() => ({ word: other, meaning: 'back' }));
    expect(await instance.cache.getOrLoad('dict', other, [recovered])).toMatchObject({
      found: true,
      value: { meaning: 'back' },
    });
  });

  it('a later layer answers when an earlier one fails, and the first failure is thrown when none answers', async () => {
    const key = randomUUID();
    const broken = {
      name: 'postgres',
      kind: 'store' as const,
      load: async () => Promise.reject(new Error('pool exhausted')),
    };
    const api = upstream(() => ({ word: key, meaning: 'm' }));
    expect(await instance.cache.getOrLoad('dict', key, [broken, api])).toMatchObject({
      found: true,
      source: 'free-dictionary',
    });

    const first = new Error('first');
    const failing = [
      { name: 'a', kind: 'store' as const, load: async () => Promise.reject(first) },
      { name: 'b', kind: 'upstream' as const, load: async () => Promise.reject(new Error('second')) },
    ];
    await expect(instance.cache.getOrLoad('dict', randomUUID(), failing)).rejects.toBe(first);
  });

  it('past the soft TTL serves the stale value at once, refreshes it once in the background, and keeps it when the refresh fails', async () => {
    const key = randomUUID();
    let version = 1;
    let failing = false;
    const api = upstream(() => (failing ? Promise.reject(new Error('down')) : { version }));
    expect(await instance.cache.getOrLoad('plain', key, [api])).toMatchObject({
      value: { version: 1 },
      stale: false,
    });
    await sleep(120);

    version = 2;
    const stale = await Promise.all(
      Array.from({ length: 5 }, () => instance.cache.getOrLoad('plain', key, [api])),
    );
    for (const s of stale)
      expect(s).toMatchObject({ found: true, value: { version: 1 }, stale: true, hit: true });
    await sleep(30);
    expect(api.calls).toBe(2); // one refresh for five stale reads
    expect(await instance.cache.getOrLoad('plain', key, [api])).toMatchObject({
      value: { version: 2 },
      stale: false,
    });

    await sleep(120);
    failing = true;
    expect(await instance.cache.getOrLoad('plain', key, [api])).toMatchObject({
      value: { version: 2 },
      stale: true,
    });
    await sleep(30);
    expect(await instance.cache.getOrLoad('plain', key, [api])).toMatchObject({
      value: { version: 2 },
      stale: true,
    });
    expect(api.calls).toBe(3); // the failed refresh is not retried within the backoff
  });

  it('an entry of another format or schema version is a miss, never handed back', async () => {
    const key = randomUUID();
    const future = { v: 2, t: Date.now(), e: Date.now() + 60_000, d: { shape: 'unknown' } };
    const oldSchema = { v: 1, t: Date.now(), e: Date.now() + 60_000, w: 7, d: { shape: 'old' } };
    const api = upstream(() => ({ shape: 'current' }));
    await redis.set(`${prefix}dict:${key}`, JSON.stringify(future), 'PX', 60_000);
    expect(await instance.cache.getOrLoad('dict', key, [api])).toMatchObject({
      value: { shape: 'current' },
      hit: false,
    });
    await redis.set(`${prefix}dict:${key}`, JSON.stringify(oldSchema), 'PX', 60_000);
    expect(await instance.cache.get('dict', key)).toBeUndefined();
    await redis.set(`${prefix}dict:${key}`, 'not json at all', 'PX', 60_000);
    expect(await instance.cache.get('dict', key)).toBeUndefined();
  });

  it('set, get, delete and deleteByPrefix act on L1 and Redis', async () => {
    await instance.cache.set('user', 'u1', { name: 'one' });
    await instance.cache.set('user', 'u2', { name: 'two' });
    await instance.cache.set('user', 'other', { name: 'three' });
    expect(await instance.cache.get('user', 'u1')).toEqual({ name: 'one' });
    expect(await instance.cache.deleteByPrefix('user', 'u')).toBe(2);
    expect(await instance.cache.get('user', 'u2')).toBeUndefined();
    expect(await instance.cache.get('user', 'other')).toEqual({ name: 'three' });
  });

  it('counts hits, misses and load latency per namespace and layer', async () => {
    const snapshot = instance.metrics.snapshot();
    expect(snapshot.redis).toMatchObject({ configured: true, breaker: 'closed' });
    const dict = snapshot.namespaces.dict.layers;
    expect(dict.redis.hits).toBeGreaterThan(0);
    expect(dict.redis.misses).toBeGreaterThan(0);
    expect(dict.upstream.hits).toBeGreaterThan(0);
    expect(dict.upstream.errors).toBeGreaterThan(0);
    expect(dict.upstream.latency.count).toBe(
      dict.upstream.hits + dict.upstream.misses + dict.upstream.errors,
    );
    expect(snapshot.namespaces.dict.negativeHits).toBeGreaterThan(0);
    expect(snapshot.namespaces.plain.staleServed).toBeGreaterThan(0);
    expect(await instance.cache.isHealthy()).toBe(true);
  });
});
