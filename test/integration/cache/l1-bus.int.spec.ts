import { randomUUID } from 'node:crypto';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sessionCacheKey, SessionEvents } from '#src/auth/sessions/sessions.cache.js';
import { userCacheKey, UserEvents } from '#src/auth/users/users.cache.js';
import { dictionaryCacheKey, DictionaryEvents } from '#src/dictionary/dictionary.cache.js';
import { CacheEvents } from '#src/infra/cache/cache.events.js';
import type { CacheLoader } from '#src/infra/cache/cache.types.js';
import { settingsCacheKey, SettingsEvents } from '#src/settings/settings.cache.js';

import { FEATURE_CACHE_INVALIDATIONS } from '../../helpers/cache-namespaces.js';
import { deleteKeysWithPrefix, rawRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type CacheInstance, startCacheInstance, waitForBusSubscribers } from './cache-instance.js';

interface Settings {
  theme: string;
}

/** Two instances with L1 over one Redis: a change on A reaches B's in-process copy through the bus. */
describe('L1 invalidation across instances (Redis pub/sub bus)', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let redis: Redis;
  let a: CacheInstance;
  let b: CacheInstance;
  /** The "settings table" both instances load from. */
  const rows = new Map<string, Settings>();
  const table: (userId: string) => CacheLoader<Settings> = (userId) => ({
    name: 'postgres',
    kind: 'store',
    load: async () => rows.get(userId),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = rawRedis();
    const options = {
      databaseUrl: db.url,
      redisUrl: TEST_REDIS_URL,
      keyPrefix: prefix,
      providers: FEATURE_CACHE_INVALIDATIONS,
    };
    [a, b] = await Promise.all([startCacheInstance(options), startCacheInstance(options)]);
    await waitForBusSubscribers(redis, prefix, 2);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysWithPrefix(prefix);
    redis?.disconnect();
    await db?.drop();
  });

  const received = (i: CacheInstance) => i.metrics.snapshot().bus.received;

  it('after a write and its event on A, B never serves the old value once the bus message has arrived', async () => {
    const userId = randomUUID();
    const key = settingsCacheKey(userId);
    rows.set(userId, { theme: 'light' });
    expect(await b.cache.getOrLoad('settings', key, [table(userId)])).toMatchObject({
      value: { theme: 'light' },
    });
    expect(await b.cache.getOrLoad('settings', key, [table(userId)])).toMatchObject({
      value: { theme: 'light' },
      source: 'l1',
    });

    const before = received(b);
    const reads: { value: string; afterMessage: boolean }[] = [];
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const afterMessage = received(b) > before;
        const lookup = await b.cache.getOrLoad('settings', key, [table(userId)]);
        reads.push({ value: lookup.found ? lookup.value.theme : 'none', afterMessage });
        await tick();
      }
    })();

    await sleep(20);
    // What the settings module does: write the row, then emit the event (the listener deletes the key).
    rows.set(userId, { theme: 'dark' });
    const written = performance.now();
    await a.events.emitAsync(SettingsEvents.updated, { userId });
    const emitted = performance.now();
    while (received(b) === before && performance.now() - written < 2_000) await tick();
    const arrived = performance.now();
    await sleep(20);
    stop = true;
    await reader;

    const afterMessage = reads.filter((r) => r.afterMessage);
    expect(reads.filter((r) => !r.afterMessage && r.value === 'light').length).toBeGreaterThan(0);
    expect(afterMessage.length).toBeGreaterThan(0);
    expect(afterMessage.every((r) => r.value === 'dark')).toBe(true);
    const bus = b.metrics.snapshot().bus;
    console.info(
      `[bus] event handled on A in ${(emitted - written).toFixed(2)} ms; message on B ${(arrived - written).toFixed(2)} ms after the write ` +
        `(${(arrived - emitted).toFixed(2)} ms after A finished); sender→receiver clock delta ${bus.lastLatencyMs} ms; ` +
        `${reads.length} reads on B, ${afterMessage.length} after the message, none old`,
    );
  });

  it('an overwrite with set() on A replaces the value B serves from its L1', async () => {
    const key = randomUUID();
    await a.cache.set('dict', key, { meaning: 'old' });
    expect(await b.cache.get('dict', key)).toEqual({ meaning: 'old' });
    const before = received(b);
    await a.cache.set('dict', key, { meaning: 'new' });
    while (received(b) === before) await tick();
    expect(await b.cache.get('dict', key)).toEqual({ meaning: 'new' });
  });

  it('deleteByPrefix and cache.flushed drop L1 copies on every instance', async () => {
    await a.cache.set('user', 'p-1', { n: 1 });
    await a.cache.set('user', 'p-2', { n: 2 });
    expect(await b.cache.getMany('user', ['p-1', 'p-2'])).toEqual(
      new Map([
        ['p-1', { n: 1 }],
        ['p-2', { n: 2 }],
      ]),
    );
    let before = received(b);
    expect(await a.cache.deleteByPrefix('user', 'p-')).toBe(2);
    while (received(b) === before) await tick();
    expect(await b.cache.getMany('user', ['p-1', 'p-2'])).toEqual(new Map());

    // Only B's L1 holds this one (Redis lost it): an admin flush event must still drop it.
    await b.cache.set('settings', 'only-l1', { theme: 'x' });
    await redis.unlink(`${prefix}settings:only-l1`);
    expect(await b.cache.get('settings', 'only-l1')).toEqual({ theme: 'x' });
    before = received(b);
    await a.events.emitAsync(CacheEvents.cacheFlushed, { namespace: 'settings' });
    while (received(b) === before) await tick();
    expect(await b.cache.get('settings', 'only-l1')).toBeUndefined();
  });

  it('session.revoked, user.updated and dictionary.entry.refreshed delete the mapped keys everywhere', async () => {
    await a.cache.set('session', sessionCacheKey('s1'), { live: true });
    await a.cache.set('session', sessionCacheKey('s2'), { live: true });
    await a.cache.set('user', userCacheKey('u1'), { name: 'x' });
    await a.cache.set('dict', dictionaryCacheKey('Hello', 'en'), { word: 'hello' });
    await a.events.emitAsync(SessionEvents.revoked, { userId: 'u1', sessionIds: ['s1', 's2'] });
    await a.events.emitAsync(UserEvents.updated, { userId: 'u1' });
    await a.events.emitAsync(DictionaryEvents.entryRefreshed, { word: 'Hello', language: 'en' });
    for (const key of ['session:s1', 'session:s2', 'user:u1', 'dict:en:hello'])
      expect(await redis.exists(prefix + key)).toBe(0);
    expect(await b.cache.get('dict', dictionaryCacheKey('hello', 'en'))).toBeUndefined();
  });
});
