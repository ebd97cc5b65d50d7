import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CacheLoader } from '#src/infra/cache/cache.types.js';

import { deleteKeysWithPrefix, rawRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { breakerOf, type CacheInstance, startCacheInstance } from './cache-instance.js';

/** A slow upstream (an LLM call) shared by both instances, counting how often it really runs. */
function slowUpstream(
  ms: number,
  value: unknown = { text: 'corrected' },
): CacheLoader<unknown> & { calls: number } {
  const layer = {
    name: 'gemini',
    kind: 'upstream' as const,
    calls: 0,
    load: async () => {
      layer.calls++;
      await sleep(ms);
      return value;
    },
  };
  return layer;
}

describe('getOrLoad under concurrency (single-flight and the distributed lock)', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let redis: Redis;
  let a: CacheInstance;
  let b: CacheInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = rawRedis();
    const options = {
      databaseUrl: db.url,
      redisUrl: TEST_REDIS_URL,
      keyPrefix: prefix,
      tuning: { lockWaitMs: 400, lockPollMs: 20 },
    };
    [a, b] = await Promise.all([startCacheInstance(options), startCacheInstance(options)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysWithPrefix(prefix);
    redis?.disconnect();
    await db?.drop();
  });

  it('100 concurrent calls for one missing key run the loader once and all get its value', async () => {
    const key = randomUUID();
    const loader = slowUpstream(50);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => a.cache.getOrLoad('dict', key, [loader])),
    );
    expect(loader.calls).toBe(1);
    for (const r of results) expect(r).toMatchObject({ found: true, value: { text: 'corrected' } });
  });

  it('two instances with the distributed lock run the loader once between them', async () => {
    const key = randomUUID();
    const loader = slowUpstream(150);
    const calls = [...Array.from({ length: 20 }, () => a), ...Array.from({ length: 20 }, () => b)].map((i) =>
      i.cache.getOrLoad('llm', key, [loader]),
    );
    const results = await Promise.all(calls);
    const why = JSON.stringify({
      breakers: [breakerOf(a), breakerOf(b)],
      redisErrors: [a, b].map((i) => i.metrics.snapshot().namespaces.llm?.layers.redis.errors),
      sources: results.map((r) => r.source),
    });
    expect(loader.calls, why).toBe(1);
    for (const r of results) expect(r).toMatchObject({ found: true, value: { text: 'corrected' } });
    // The waiting instance got it from Redis, not from its own load.
    expect(results.filter((r) => r.source === 'redis').length).toBeGreaterThanOrEqual(20);
    expect(await redis.exists(`${prefix}lock:{llm:${key}}`)).toBe(0);
  });

  it('without the lock (a namespace that does not ask for it) each instance loads once', async () => {
    const key = randomUUID();
    const loader = slowUpstream(150);
    await Promise.all([a.cache.getOrLoad('plain', key, [loader]), b.cache.getOrLoad('plain', key, [loader])]);
    expect(loader.calls).toBe(2);
  });

  it('a waiter whose lock holder takes too long loads by itself instead of hanging', async () => {
    const key = randomUUID();
    const stuck = slowUpstream(900, { from: 'a' });
    const quick = slowUpstream(10, { from: 'b' });
    const slow = a.cache.getOrLoad('llm', key, [stuck]);
    while ((await redis.exists(`${prefix}lock:{llm:${key}}`)) === 0) await sleep(5); // a holds the lock
    const started = performance.now();
    const waited = await b.cache.getOrLoad('llm', key, [quick]);
    const elapsed = performance.now() - started;
    expect(waited).toMatchObject({ found: true, value: { from: 'b' } });
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(850);
    await slow;
  });
});
