import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { uniqueKeyPrefix } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type CacheInstance, startCacheInstance } from './cache-instance.js';

/**
 * getMany is ONE Redis round trip, seen from the server's side: a private redis-server's MONITOR
 * lists every command it received (the shared Redis would show everybody's traffic).
 */
describe('getMany round trips (MONITOR on a private redis-server)', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let server: PrivateRedisServer;
  let monitorBase: Redis;
  let monitor: Redis;
  let instance: CacheInstance;
  let commands: string[][] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await PrivateRedisServer.start();
    instance = await startCacheInstance({
      databaseUrl: db.url,
      redisUrl: server.url,
      keyPrefix: prefix,
      namespaces: { dict: { l1: false }, user: { l1: true } },
    });
    monitorBase = new Redis(server.url);
    monitor = await monitorBase.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args));
  });

  afterAll(async () => {
    monitor?.disconnect();
    monitorBase?.disconnect();
    await instance?.close();
    await server?.stop();
    await db?.drop();
  });

  beforeEach(() => {
    commands = [];
  });

  /** Commands that touched the cache's keys (ignores PING probes, pub/sub and the monitor itself). */
  async function cacheCommands(): Promise<string[][]> {
    await sleep(50); // MONITOR lines trail the replies
    return commands.filter((args) => args.slice(1).some((a) => a.startsWith(prefix)));
  }

  const keys = Array.from({ length: 100 }, (_, i) => `en:word-${i}`);

  it('reads 100 keys with one MGET', async () => {
    await Promise.all(keys.map((k, i) => instance.cache.set('dict', k, { i })));
    commands = [];
    const values = await instance.cache.getMany<{ i: number }>('dict', keys);
    expect(values.size).toBe(100);
    expect(values.get('en:word-42')).toEqual({ i: 42 });
    const seen = await cacheCommands();
    expect(seen.map((c) => c[0].toLowerCase())).toEqual(['mget']);
    expect(seen[0]).toHaveLength(101);
  });

  it('leaves out missing keys, still in one MGET', async () => {
    const values = await instance.cache.getMany('dict', [...keys.slice(0, 10), 'en:absent-1', 'en:absent-2']);
    expect([...values.keys()]).toEqual(keys.slice(0, 10));
    expect((await cacheCommands()).map((c) => c[0].toLowerCase())).toEqual(['mget']);
  });

  it('asks Redis only for what the L1 lacks, and leaves out what Redis lacks too', async () => {
    const userKeys = Array.from({ length: 100 }, (_, i) => `u-${i}`);
    await Promise.all(userKeys.map((k, i) => instance.cache.set('user', k, { i })));
    // 30 are still in this instance's L1; Redis lost 20 of the other 70.
    const raw = new Redis(server.url);
    await raw.unlink(...userKeys.slice(80).map((k) => `${prefix}user:${k}`));
    // Drop 70 from the L1 only, as if this instance had never read them.
    for (const k of userKeys.slice(30)) await instance.cache.dropL1('user', k);
    commands = [];
    const values = await instance.cache.getMany<{ i: number }>('user', userKeys);
    expect(values.size).toBe(80);
    expect(values.has('u-80')).toBe(false);
    // Only reads count here: the L1 drops' bus messages may still trail in the MONITOR stream.
    const reads = (await cacheCommands()).filter(
      (c) => !['publish', 'spublish'].includes(c[0].toLowerCase()),
    );
    expect(reads.map((c) => c[0].toLowerCase())).toEqual(['mget']);
    expect(reads[0]).toHaveLength(71);
    raw.disconnect();
  });
});
