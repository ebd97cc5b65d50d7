import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { syntheticWords } from '../../fakes/free-dictionary.server.js';
import { rawRedis } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { type DictionaryHarness, fixture, startDictionaryHarness } from './dictionary-harness.js';

/** Runs `fn` while MONITOR records every command the Redis server receives; returns those commands. */
async function monitored(redis: Redis, fn: () => Promise<void>): Promise<string[][]> {
  const monitor = await redis.monitor();
  const commands: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => commands.push(args));
  try {
    await fn();
    await redis.ping('monitor-barrier'); // seen by MONITOR after everything the app sent before it
    await new Promise<void>((resolve) => {
      const check = () =>
        commands.some((c) => c.includes('monitor-barrier')) ? resolve() : setTimeout(check, 5);
      check();
    });
  } finally {
    monitor.disconnect();
  }
  return commands;
}

describe('POST /api/v1/dictionary/lookup', () => {
  let redisServer: PrivateRedisServer;
  let redis: Redis;
  let h: DictionaryHarness;

  beforeAll(async () => {
    // A Redis of this file's own, so MONITOR sees only this app's commands.
    redisServer = await PrivateRedisServer.start();
    redis = rawRedis(redisServer.url);
    h = await startDictionaryHarness({}, redisServer.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await h?.close();
    await redisServer?.stop();
  });
  beforeEach(() => h.fake.reset());

  it('fills 100 misses from the upstream, then answers the same 100 words with one Redis round trip', async () => {
    const words = syntheticWords(100);
    h.fake.synthesizeUnknown = true;
    h.fake.latencyMs = 20;
    const first = await h.batch(words);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body.results)).toEqual(words);
    for (const word of words) expect(first.body.results[word]).toMatchObject([{ word }]);
    expect(h.fake.count()).toBe(100);

    let second!: Awaited<ReturnType<DictionaryHarness['batch']>>;
    const commands = await monitored(redis, async () => {
      second = await h.batch(words);
    });
    expect(second.body).toEqual(first.body);
    expect(h.fake.count()).toBe(100);

    // Commands on the dictionary cache's keys (`<prefix>dict:…`); the auth and rate-limit keys are not ours to count.
    const dictCommands = commands.filter((args) =>
      args.slice(1).some((a) => a.startsWith(`${h.prefix}dict:`)),
    );
    expect(dictCommands).toHaveLength(1);
    expect(dictCommands[0][0].toLowerCase()).toBe('mget');
    expect(dictCommands[0]).toHaveLength(101);
  });

  it('answers each word as sent: duplicates and spellings of one word share an answer, unknown words are null', async () => {
    const res = await h.batch(['Legion', ' legion ', 'qwzxvbn', 'hello', 'legion']);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: {
        Legion: fixture('legion'),
        ' legion ': fixture('legion'),
        qwzxvbn: null,
        hello: fixture('hello'),
        legion: fixture('legion'),
      },
    });
    expect(h.fake.count('legion')).toBe(1);
    expect(h.fake.count('qwzxvbn')).toBe(1);
    // The not-found answer is remembered like a single lookup's.
    expect((await h.lookup('qwzxvbn')).status).toBe(404);
    expect(h.fake.count('qwzxvbn')).toBe(1);
  });

  it('lists the words it could not look up while the dictionary is down, instead of calling them unknown', async () => {
    h.fake.setMode('down');
    const res = await h.batch(['legion', 'serendipity', 'zzyzxq']);
    expect(res.status).toBe(200);
    expect(res.body.results.legion).toEqual(fixture('legion')); // cached by the test before
    expect(res.body.results.serendipity).toMatchObject([
      { word: 'serendipity', license: { name: 'WordNet 3.1 License' } },
    ]);
    expect(res.body.results.zzyzxq).toBeNull();
    expect(res.body.unavailable).toEqual(['zzyzxq']);

    h.fake.setMode('ok');
    expect((await h.lookup('zzyzxq')).status).toBe(404); // it was never remembered as "not found"
    expect(h.fake.count('zzyzxq')).toBe(2);
  });
});
