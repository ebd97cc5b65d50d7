import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

import { MemoryDriver } from '#src/infra/cache/drivers/memory.driver.js';
import { RedisDriver } from '#src/infra/cache/drivers/redis.driver.js';

import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { describeDriverContract } from './driver-contract.js';

const prefix = uniqueKeyPrefix();
const neighbourPrefix = uniqueKeyPrefix();
let redis: Redis;

beforeAll(async () => {
  redis = rawRedis();
});

afterAll(async () => {
  await deleteKeysWithPrefix(prefix);
  await deleteKeysWithPrefix(neighbourPrefix);
  redis.disconnect();
});

describeDriverContract('memory', { create: () => new MemoryDriver({ maxEntries: 5_000 }) });

describeDriverContract('redis', {
  create: () => new RedisDriver(redis, prefix),
  createNeighbour: () => new RedisDriver(redis, neighbourPrefix),
});
