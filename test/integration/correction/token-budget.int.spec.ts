import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import { TokenBudget } from '#src/correction/usage/token-budget.js';
import { RedisService } from '#src/infra/redis/redis.service.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';
import { Clock } from '#src/infra/time/clock.js';

import { deleteKeysWithPrefix, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { baseTestEnv } from '../../helpers/test-app.js';

const prefix = uniqueKeyPrefix();
const services: RedisService[] = [];

async function budget(
  dailyTokens: number,
  redisUrl: string | undefined = TEST_REDIS_URL,
  clock = new Clock(),
): Promise<TokenBudget> {
  const config = AppConfig.fromEnv(
    baseTestEnv({
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      LLM_DAILY_TOKEN_BUDGET: String(dailyTokens),
      REDIS_COMMAND_TIMEOUT_MS: '100',
    }),
  );
  const redis = new RedisService(config, new CircuitBreakerRegistry());
  services.push(redis);
  await redis.waitUntilReady();
  return new TokenBudget(config, redis, clock);
}

describe('TokenBudget: a per-user daily token counter in Redis', () => {
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.onApplicationShutdown()));
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(prefix);
  });

  it('admits concurrent reservations from two instances up to the budget and never past it', async () => {
    const [a, b] = await Promise.all([budget(500), budget(500)]);
    const user = randomUUID();
    const admitted = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).reserve(user, 10)),
    );
    expect(admitted.filter(Boolean)).toHaveLength(50);
    expect((await a.state(user)).usedTokens).toBe(500);
    expect(await a.reserve(user, 1)).toBe(false);
  });

  it('settles a reservation with the real count and gives refused or failed calls back', async () => {
    const b = await budget(1_000);
    const user = randomUUID();
    expect(await b.reserve(user, 300)).toBe(true);
    await b.adjust(user, 120 - 300);
    expect((await b.state(user)).usedTokens).toBe(120);
    await b.adjust(user, -5_000);
    expect((await b.state(user)).usedTokens).toBe(0);
  });

  it('counts per UTC day: a new day starts from zero', async () => {
    // A fake clock far in the future: Redis expires the day's key (EXPIREAT) by its own real clock.
    let now = new Date('2099-06-01T23:59:00Z');
    const b = await budget(100, TEST_REDIS_URL, { now: () => now });
    const user = randomUUID();
    expect(await b.reserve(user, 100)).toBe(true);
    expect(await b.reserve(user, 1)).toBe(false);
    now = new Date('2099-06-02T00:00:01Z');
    expect(await b.reserve(user, 100)).toBe(true);
    expect((await b.state(user)).resetsAt.toISOString()).toBe('2099-06-03T00:00:00.000Z');
  });

  it('keeps counting in-process when Redis is absent or goes down', async () => {
    const local = await budget(50, undefined);
    const user = randomUUID();
    expect(await local.reserve(user, 50)).toBe(true);
    expect(await local.reserve(user, 1)).toBe(false);

    const server = await PrivateRedisServer.start();
    try {
      const b = await budget(50, server.url);
      expect(await b.reserve(user, 30)).toBe(true);
      await server.stop();
      // Redis gone: the in-process counter takes over (per instance) instead of failing or allowing all.
      expect(await b.reserve(user, 50)).toBe(true);
      expect(await b.reserve(user, 1)).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
