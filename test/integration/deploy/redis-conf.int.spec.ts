import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { errorReplies, info, RepoConfRedisServer } from './repo-redis.server.js';

// What redis.conf promises, checked on a real redis-server started with it. CONFIG is one of the
// disabled commands, so every setting is observed from the outside: replies, INFO, files, restarts.

const PASSWORD = 'deploy-test-password-0f3c9a';
const DISABLED = [
  'FLUSHALL',
  'FLUSHDB',
  'KEYS',
  'DEBUG',
  'CONFIG',
  'MODULE',
  'MONITOR',
  'REPLICAOF',
  'SLAVEOF',
] as const;
/** A harmless argument list per command: if the command existed, these would run. */
const ARGS: Record<(typeof DISABLED)[number], string[]> = {
  FLUSHALL: [],
  FLUSHDB: [],
  KEYS: ['*'],
  DEBUG: ['SLEEP', '0'],
  CONFIG: ['GET', 'maxmemory'],
  MODULE: ['LIST'],
  MONITOR: [],
  REPLICAOF: ['NO', 'ONE'],
  SLAVEOF: ['NO', 'ONE'],
};

describe('redis.conf on a real redis-server', () => {
  let server: RepoConfRedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RepoConfRedisServer.start({ password: PASSWORD });
    redis = server.client();
    await redis.connect();
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.destroy();
  });

  it('refuses clients that have not authenticated with the password from the command line', async () => {
    expect(await server.rawReply('PING')).toMatch(/^-NOAUTH/);
    expect(await server.rawReply('AUTH', 'not-the-password')).toMatch(/^-WRONGPASS/);
    expect(await server.rawReply('AUTH', PASSWORD)).toBe('+OK');
    expect(await redis.ping()).toBe('PONG');
  });

  it.each(DISABLED)('has no %s command, and data survives the attempt', async (command) => {
    await redis.set('deploy:canary', 'still here', 'PX', 60_000);
    const before = (await errorReplies(redis)).ERR ?? 0;

    await expect(redis.call(command, ...ARGS[command])).rejects.toThrow(/unknown command/i);

    expect(await redis.get('deploy:canary')).toBe('still here');
    // The same counter the app test watches: each refused command is one more ERR reply.
    expect((await errorReplies(redis)).ERR).toBe(before + 1);
  });

  it('caps memory at 256 MB and evicts with volatile-lfu', async () => {
    const memory = await info(redis, 'memory');
    expect(memory.get('maxmemory')).toBe(String(256 * 1024 * 1024));
    expect(memory.get('maxmemory_policy')).toBe('volatile-lfu');
  });

  it('writes an append-only file, and a crash (SIGKILL) keeps what was written', async () => {
    expect((await info(redis, 'persistence')).get('aof_enabled')).toBe('1');
    await redis.rpush('deploy:{llm-usage}:buffer', 'usage-1', 'usage-2');
    await redis.set('deploy:budget', '1234', 'PX', 3_600_000);
    // Let the once-a-second fsync happen, as it would on a host that loses power rather than a process.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    redis.disconnect();
    await server.crashAndRestart();
    redis = server.client();
    await redis.connect();

    expect(await redis.lrange('deploy:{llm-usage}:buffer', 0, -1)).toEqual(['usage-1', 'usage-2']);
    expect(await redis.get('deploy:budget')).toBe('1234');
    expect(await redis.pttl('deploy:budget')).toBeGreaterThan(3_000_000);
    expect(existsSync(join(server.dir, 'appendonlydir'))).toBe(true);
  });

  it('takes no RDB snapshots: a clean stop leaves only the append-only directory', async () => {
    await redis.set('deploy:before-stop', '1');
    redis.disconnect();
    await server.stop();
    expect(existsSync(join(server.dir, 'appendonlydir'))).toBe(true);
    expect(existsSync(join(server.dir, 'dump.rdb'))).toBe(false);
  });
});

describe('volatile-lfu under memory pressure (same file, maxmemory lowered to 4 MB)', () => {
  let server: RepoConfRedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RepoConfRedisServer.start({ password: PASSWORD, extraArgs: ['--maxmemory', '4mb'] });
    redis = server.client();
    await redis.connect();
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.destroy();
  });

  it('evicts cache entries (TTL) and never the usage buffer (no TTL)', async () => {
    const buffer = 'pp:{llm-usage}:buffer';
    await redis.rpush(buffer, ...Array.from({ length: 50 }, (_, i) => `usage-event-${i}`));
    const value = 'x'.repeat(4096);
    // ~12 MB of cache entries into 4 MB: most of them must go.
    for (let i = 0; i < 3_000; i += 100) {
      const pipeline = redis.pipeline();
      for (let j = i; j < i + 100; j++) pipeline.set(`pp:dict:en:word-${j}`, value, 'PX', 3_600_000);
      await pipeline.exec();
    }

    expect(Number((await info(redis, 'stats')).get('evicted_keys'))).toBeGreaterThan(1_000);
    expect(await redis.llen(buffer)).toBe(50);
  });

  it('refuses writes with OOM once only keys without a TTL are left (the documented risk)', async () => {
    const value = 'y'.repeat(16 * 1024);
    let refused: Error | undefined;
    for (let i = 0; i < 1_000 && !refused; i++) {
      try {
        await redis.rpush('pp:{llm-usage}:buffer', value);
      } catch (err) {
        refused = err as Error;
      }
    }
    expect(refused?.message).toMatch(/^OOM command not allowed/);
    // Everything with a TTL was given up first.
    expect(await redis.exists('pp:dict:en:word-2999')).toBe(0);
  });
});
