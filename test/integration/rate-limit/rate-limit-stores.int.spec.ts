import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { MemoryRateLimitStore } from '#src/infra/rate-limit/memory-rate-limit.store.js';
import type { RateLimitRule, RateLimitStore } from '#src/infra/rate-limit/rate-limit.store.js';
import { RedisRateLimitStore } from '#src/infra/rate-limit/redis-rate-limit.store.js';

import { fixedWindow as fixed, slidingWindow as sliding } from '../../helpers/rate-limit-rules.js';
import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { sleep } from './rate-limit-test-app.js';

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

  /** A check with the client-side times around it: the store decided somewhere in [sentAt, answeredAt]. */
  const timedCheck = async (k: string, rule: RateLimitRule) => {
    const sentAt = performance.now();
    const decision = await store.check(k, rule);
    return { ...decision, sentAt, answeredAt: performance.now() };
  };
  // Bounds are computed from those measured times, not assumed, so a loaded machine cannot fail them.
  const within = (value: number, low: number, high: number) => {
    expect(value).toBeGreaterThanOrEqual(Math.floor(low) - 1);
    expect(value).toBeLessThanOrEqual(Math.ceil(high) + 1);
  };

  describe.concurrent('contract', () => {
    it('fixed window: counts to the limit, rejects until the window ends, then starts a new window', async () => {
      const k = key();
      const rule = fixed(3, 1_000);
      const checks = [];
      for (let i = 0; i < 3; i++) checks.push(await timedCheck(k, rule));
      expect(checks.map((d) => [d.allowed, d.hits])).toEqual([
        [true, 1],
        [true, 2],
        [true, 3],
      ]);
      const [first] = checks;
      within(first.resetMs, 1_000 - (first.answeredAt - first.sentAt), 1_000);
      const rejected = await timedCheck(k, rule);
      expect(rejected).toMatchObject({ allowed: false, hits: 4 });
      // The window opened during the first check and closes 1 s later.
      within(
        rejected.retryAfterMs,
        first.sentAt + 1_000 - rejected.answeredAt,
        first.answeredAt + 1_000 - rejected.sentAt,
      );
      expect(rejected.resetMs).toBe(rejected.retryAfterMs);
      await sleep(rejected.retryAfterMs + 20);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('fixed window with a block: locks out for the block, past the window, then starts afresh', async () => {
      const k = key();
      const rule = fixed(1, 100, 1_500);
      await store.check(k, rule);
      const blocked = await store.check(k, rule);
      expect(blocked).toMatchObject({ allowed: false, retryAfterMs: 1_500, resetMs: 1_500 });
      await sleep(300); // the window is over, the block is not
      const still = await timedCheck(k, rule);
      expect(still.allowed).toBe(false);
      await sleep(still.retryAfterMs + 20);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('sliding window: a slot frees when the oldest admission leaves, not at a window edge', async () => {
      const k = key();
      const rule = sliding(2, 1_000);
      const first = await timedCheck(k, rule);
      expect(first).toMatchObject({ allowed: true, hits: 1 });
      within(first.resetMs, 1_000 - (first.answeredAt - first.sentAt), 1_000);
      await sleep(500);
      const second = await timedCheck(k, rule);
      expect(second).toMatchObject({ allowed: true, hits: 2 });
      within(
        second.resetMs,
        first.sentAt + 1_000 - second.answeredAt,
        first.answeredAt + 1_000 - second.sentAt,
      );
      const rejected = await timedCheck(k, rule);
      expect(rejected).toMatchObject({ allowed: false, hits: 3 });
      within(
        rejected.retryAfterMs,
        first.sentAt + 1_000 - rejected.answeredAt,
        first.answeredAt + 1_000 - rejected.sentAt,
      );
      await sleep(rejected.retryAfterMs + 20);
      // The first has left; the second (admitted 500 ms after it) has not.
      const admitted = await timedCheck(k, rule);
      expect(admitted).toMatchObject({ allowed: true, hits: 2 });
      within(
        admitted.resetMs,
        second.sentAt + 1_000 - admitted.answeredAt,
        second.answeredAt + 1_000 - admitted.sentAt,
      );
      expect((await store.check(k, rule)).allowed).toBe(false);
    });

    it('sliding window with a block', async () => {
      const k = key();
      const rule = sliding(1, 100, 1_500);
      await store.check(k, rule);
      expect(await store.check(k, rule)).toMatchObject({ allowed: false, retryAfterMs: 1_500 });
      await sleep(300);
      const still = await timedCheck(k, rule);
      expect(still.allowed).toBe(false);
      await sleep(still.retryAfterMs + 20);
      expect(await store.check(k, rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it("several rules in one call: each counted on its own, one's rejection does not stop the others", async () => {
      // One client's policies share a hash tag, as the guard's keys do (one Redis Cluster slot).
      const tag = `${prefix}rl:{multi:${randomBytes(4).toString('hex')}}`;
      const rules = [
        { key: `${tag}:tight`, rule: fixed(1, 5_000) },
        { key: `${tag}:loose`, rule: fixed(10, 5_000) },
        { key: `${tag}:log`, rule: sliding(10, 5_000) },
      ];
      const first = await store.checkAll(rules);
      const second = await store.checkAll(rules);
      expect(first.map((d) => [d.allowed, d.hits])).toEqual([
        [true, 1],
        [true, 1],
        [true, 1],
      ]);
      expect(second.map((d) => [d.allowed, d.hits])).toEqual([
        [false, 2],
        [true, 2],
        [true, 2],
      ]);
      expect(second[0]!.retryAfterMs).toBeGreaterThan(4_000);
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
