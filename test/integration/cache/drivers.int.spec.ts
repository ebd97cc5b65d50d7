import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CacheTuning } from '#src/infra/cache/cache.tuning.js';
import { MemoryDriver } from '#src/infra/cache/drivers/memory.driver.js';
import { PostgresDriver } from '#src/infra/cache/drivers/postgres.driver.js';
import { RedisDriver } from '#src/infra/cache/drivers/redis.driver.js';
import { CacheEntryRepository } from '#src/infra/cache/postgres/cache-entry.repository.js';
import { CacheEntrySweeper } from '#src/infra/cache/postgres/cache-entry.sweeper.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { describeDriverContract } from './driver-contract.js';

const prefix = uniqueKeyPrefix();
const neighbourPrefix = uniqueKeyPrefix();
let redis: Redis;
let db: TestDatabase;
let prisma: PrismaService;

beforeAll(async () => {
  redis = rawRedis();
  db = await createTestDatabase();
  prisma = new PrismaService(db.url, 4);
});

afterAll(async () => {
  await deleteKeysWithPrefix(prefix);
  await deleteKeysWithPrefix(neighbourPrefix);
  redis.disconnect();
  await prisma.$disconnect();
  await db.drop();
});

describeDriverContract('memory', { create: () => new MemoryDriver({ maxEntries: 5_000 }) });

describeDriverContract('redis', {
  create: () => new RedisDriver(redis, prefix),
  createNeighbour: () => new RedisDriver(redis, neighbourPrefix),
});

describeDriverContract('postgres', { create: () => new PostgresDriver(new CacheEntryRepository(prisma)) });

describe('cache_entries sweeper', () => {
  it('deletes expired rows only', async () => {
    const driver = new PostgresDriver(new CacheEntryRepository(prisma));
    await driver.clear('');
    await driver.set('usage:gone', '{"d":1}', 1);
    await driver.set('usage:kept', '{"d":2}', 60_000);
    await new Promise((r) => setTimeout(r, 10));
    const sweeper = new CacheEntrySweeper(
      new CacheEntryRepository(prisma),
      CacheTuning.with({ sweepIntervalMs: 0 }),
    );
    expect(await sweeper.sweep()).toBe(1);
    expect(await driver.getMany(['usage:gone', 'usage:kept'])).toEqual([undefined, expect.any(String)]);
  });
});
