import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of this test file's own, so files never see each other's keys in the shared Redis. */
export function uniqueKeyPrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

/** Removes every key under `prefix` (SCAN + UNLINK, like the app's own flush). */
export async function deleteKeysWithPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

export function rawRedis(url = TEST_REDIS_URL): Redis {
  return new Redis(url);
}
