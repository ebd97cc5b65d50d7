import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { MemoryRateLimitStore } from '#src/infra/rate-limit/memory-rate-limit.store.js';
import type { RateLimitRule, RateLimitStore } from '#src/infra/rate-limit/rate-limit.store.js';
import { RedisRateLimitStore } from '#src/infra/rate-limit/redis-rate-limit.store.js';

import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { sleep } from './rate-limit-test-app.js';

const fixed = (limit: number, windowMs: number, blockMs = 0): RateLimitRule => ({
  algorithm: 'fixed-window',
  limit,
  windowMs,
  blockMs,
});
const sliding = (limit: number, windowMs: number, blockMs = 0): RateLimitRule => ({
  algorithm: 'sliding-window',
  limit,
  windowMs,
  blockMs,
});

const prefix = uniqueKeyPrefix();
const redis: Redis = rawRedis();
const memory = new MemoryRateLimitStore();
afterAll(async () => {
  memory.dispose();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

// One contract, two stores: the fallback must decide exactly as the Redis scripts do (real clocks, short windows).
describe.each<[string, RateLimitStore]>([
  ['Redis (Lua scripts)', new RedisRateLimitStore(redis)],
  ['memory (fallback)', memory],
])('%s store', (_name, store) => {
  const key = () => `${prefix}rl:{test:${randomBytes(4).toString('hex')}}`;

  describe.concurrent('contract', () => {
    it('fixed window: counts to the limit, rejects until the window ends, then starts a new window', async () => {
      const k = key();
      const rule = fixed(3, 400);
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push(await store.check(k, rule));
      expect(hits.map((d) => [d.allowed, d.hits])).toEqual([
        [true, 1],
        [true, 2],
        [true, 3],
      ]);
      expect(hits[0].resetMs).toBeGreaterThan(350);
      const rejected = await store.check(k, rule);
      expect(rejected).toMatchObject({ allowed: false, hits: 4 });
      expect(rejected.retryAfterMs).toBeGreaterThan(300);
      expect(rejected.retryAfterMs).toBeLessThanOrEqual(400);
      await sleep(rejected.retryAfterMs + 20);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('fixed window with a block: locks out for the block, past the window, then starts afresh', async () => {
      const k = key();
      const rule = fixed(1, 200, 500);
      await store.check(k, rule);
      const rejected = await store.check(k, rule);
      expect(rejected).toMatchObject({ allowed: false });
      expect(rejected.retryAfterMs).toBeGreaterThan(450);
      await sleep(300); // the window is over, the block is not
      expect((await store.check(k, rule)).allowed).toBe(false);
      await sleep(250);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('sliding window: a slot frees when the oldest admission leaves, not at a window edge', async () => {
      const k = key();
      const rule = sliding(2, 500);
      const first = await store.check(k, rule);
      expect(first).toMatchObject({ allowed: true, hits: 1 });
      expect(first.resetMs).toBeGreaterThan(450);
      await sleep(200);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 2 });
      const rejected = await store.check(k, rule);
      expect(rejected).toMatchObject({ allowed: false, hits: 3 });
      expect(rejected.retryAfterMs).toBeGreaterThan(200); // ~300 ms until the first leaves
      expect(rejected.retryAfterMs).toBeLessThan(320);
      await sleep(rejected.retryAfterMs + 20);
      const admitted = await store.check(k, rule);
      expect(admitted).toMatchObject({ allowed: true, hits: 2 });
      expect(admitted.resetMs).toBeLessThan(220); // the second admission leaves next
      expect((await store.check(k, rule)).allowed).toBe(false);
    });

    it('sliding window with a block', async () => {
      const k = key();
      const rule = sliding(1, 200, 400);
      await store.check(k, rule);
      expect(await store.check(k, rule)).toMatchObject({ allowed: false });
      await sleep(250);
      expect((await store.check(k, rule)).allowed).toBe(false);
      await sleep(200);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('keeps keys apart', async () => {
      const [k1, k2] = [key(), key()];
      await store.check(k1, fixed(1, 1_000));
      expect((await store.check(k1, fixed(1, 1_000))).allowed).toBe(false);
      expect((await store.check(k2, fixed(1, 1_000))).allowed).toBe(true);
    });
  });
});

describe('Redis store keys', () => {
  const store = new RedisRateLimitStore(redis);

  it('every key a check writes expires (no counter or log can outlive its window)', async () => {
    const base = `${prefix}rl:{ttl:x}`;
    await store.check(base + 'f', fixed(1, 5_000, 9_000));
    await store.check(base + 'f', fixed(1, 5_000, 9_000)); // sets the block
    await store.check(base + 's', sliding(5, 5_000));
    const keys = await redis.keys(`${base}*`);
    expect(keys.sort()).toEqual([`${base}f:block`, `${base}s:log`]); // the blocked counter was reset
    for (const k of keys) {
      const ttl = await redis.pttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(9_000);
    }
  });
});
