import { afterAll, beforeAll } from 'vitest';
import type { Redis } from 'ioredis';

import { CacheEntryRepository } from '#src/infra/cache/postgres/cache-entry.repository.js';
import { MemoryDriver } from '#src/infra/cache/drivers/memory.driver.js';
import { PostgresDriver } from '#src/infra/cache/drivers/postgres.driver.js';
import { RedisDriver } from '#src/infra/cache/drivers/redis.driver.js';
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
