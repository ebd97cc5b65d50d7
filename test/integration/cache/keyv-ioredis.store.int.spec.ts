import keyvTestSuite from '@keyv/test-suite';
import { type Cache, CACHE_MANAGER, CacheInterceptor } from '@nestjs/cache-manager';
import { Controller, Get, Inject, UseInterceptors } from '@nestjs/common';
import type { Redis } from 'ioredis';
import Keyv from 'keyv';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KeyvIoredisStore } from '#src/infra/cache/keyv-ioredis.store.js';

import { deleteKeysWithPrefix, rawRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type CacheInstance, startCacheInstance } from './cache-instance.js';

const suitePrefix = uniqueKeyPrefix();
const redis: Redis = rawRedis();

vitest.afterAll(async () => {
  await deleteKeysWithPrefix(suitePrefix);
  redis.disconnect();
});

/** Keyv's own compliance suite, against the adapter over a plain ioredis client. */
describe('KeyvIoredisStore passes @keyv/test-suite', () => {
  // The suite is typed against its own copy of vitest; the runtime module is the same API.
  keyvTestSuite(
    vitest as unknown as Parameters<typeof keyvTestSuite>[0],
    Keyv,
    () => new KeyvIoredisStore(redis, { keyPrefix: `${suitePrefix}cm:` }),
  );
});

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

let handlerCalls = 0;

@Controller('cached')
class CachedController {
  public constructor(@Inject(CACHE_MANAGER) private readonly cacheManager: Cache) {}

  @Get('time')
  @UseInterceptors(CacheInterceptor)
  public time(): { calls: number } {
    return { calls: ++handlerCalls };
  }

  @Get('manager')
  public async manager(): Promise<unknown> {
    return { value: await this.cacheManager.get('greeting') };
  }
}

/** @nestjs/cache-manager registered over the app's own ioredis connection. */
describe('CACHE_MANAGER and CacheInterceptor over the shared ioredis connection', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let a: CacheInstance;
  let b: CacheInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = {
      databaseUrl: db.url,
      redisUrl: TEST_REDIS_URL,
      keyPrefix: prefix,
      controllers: [CachedController],
    };
    [a, b] = await Promise.all([startCacheInstance(options), startCacheInstance(options)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  it('CacheInterceptor answers a repeated GET from Redis, on any instance', async () => {
    const first = await (await fetch(`${a.url}/cached/time`)).json();
    const again = await (await fetch(`${a.url}/cached/time`)).json();
    const elsewhere = await (await fetch(`${b.url}/cached/time`)).json();
    expect(first).toEqual({ calls: 1 });
    expect(again).toEqual({ calls: 1 });
    expect(elsewhere).toEqual({ calls: 1 });
    expect(handlerCalls).toBe(1);
    expect(await keysUnder(`${prefix}cm:`)).toEqual([`${prefix}cm:http:/cached/time`]);
  });

  it('CACHE_MANAGER set on one instance is read on another, with its TTL in Redis', async () => {
    const manager = a.module.get<Cache>(CACHE_MANAGER);
    await manager.set('greeting', { text: 'hello' }, 30_000);
    expect(await (await fetch(`${b.url}/cached/manager`)).json()).toEqual({ value: { text: 'hello' } });
    const ttl = await redis.pttl(`${prefix}cm:http:greeting`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('stores through the RedisService connection itself (no second client library or connection)', () => {
    const manager = a.module.get<Cache>(CACHE_MANAGER);
    const store = manager.stores[0].store as KeyvIoredisStore;
    expect(store).toBeInstanceOf(KeyvIoredisStore);
    expect(store.client).toBe(a.redis.client);
  });
});
