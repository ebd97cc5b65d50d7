import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';

import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, rawRedis, scanKeys, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { getSettings, patchSettings, type SettingsBody } from './settings.api.js';

/** Longest we wait for instance B to see a write made on A before calling it a failure. */
const PROPAGATION_BOUND_MS = 2_000;
const ROUNDS = 20;

/**
 * Two instances sharing one PostgreSQL database and one Redis key prefix, L1 on: what the editor sees
 * when its requests land on different instances behind a load balancer.
 */
describe('settings cache across instances', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix, CACHE_L1_ENABLED: 'true' };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    redis = rawRedis();
  });

  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  /** Reads on `app` until `done` holds or the bound passes; how long it took and how many reads. */
  async function readUntil(app: TestApp, token: string, done: (s: SettingsBody) => boolean, since: number) {
    let reads = 0;
    for (;;) {
      const { body } = await getSettings(app, token);
      reads++;
      const elapsed = performance.now() - since;
      if (done(body)) return { elapsed, reads, body };
      if (elapsed > PROPAGATION_BOUND_MS)
        throw new Error(`B still serves version ${body.version} after ${elapsed.toFixed(0)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Redis keys of this prefix that hold this user's settings (whatever the cache's exact key layout). */
  function settingsKeys(userId: string): Promise<string[]> {
    return scanKeys(redis, `${prefix}*settings*${userId}*`);
  }

  it('shows a write made on A to the next reads on B (L1 invalidated over the bus)', async () => {
    const { accessToken } = await registerUser(a);
    const metricsB = b.app.get(CacheMetrics);
    const l1HitsBefore = metricsB.snapshot().namespaces.settings?.layers.l1.hits ?? 0;
    const busBefore = metricsB.snapshot().bus.received;
    const latencies: number[] = [];
    let firstReadFresh = 0;
    const themes = ['light', 'dark'] as const;
    for (let round = 0; round < ROUNDS; round++) {
      // B reads twice, so its copy is in L1 (and Redis).
      const before = await getSettings(b, accessToken);
      await getSettings(b, accessToken);

      const written = await patchSettings(a, accessToken, { theme: themes[round % 2] }, before.etag!);
      expect(written.status).toBe(200);
      const since = performance.now();
      const seen = await readUntil(b, accessToken, (s) => s.version === written.body.version, since);
      expect(seen.body).toEqual(written.body);
      latencies.push(seen.elapsed);
      if (seen.reads === 1) firstReadFresh++;
    }
    // The test means something only if B really answered from its L1 between writes.
    const after = metricsB.snapshot();
    expect((after.namespaces.settings?.layers.l1.hits ?? 0) - l1HitsBefore).toBeGreaterThanOrEqual(ROUNDS);
    expect(after.bus.received - busBefore).toBeGreaterThanOrEqual(ROUNDS);

    latencies.sort((x, y) => x - y);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
    console.info(
      `[settings] write answered on A → fresh read on B: median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms ` +
        `(${firstReadFresh}/${ROUNDS} first reads on B already fresh); bus publish → receive on B: ` +
        `last ${after.bus.lastLatencyMs?.toFixed(2)} ms, max ${after.bus.maxLatencyMs.toFixed(2)} ms`,
    );
  });

  it('survives a Redis flush: served from PostgreSQL, then cached in Redis again', async () => {
    const { user, accessToken } = await registerUser(a);
    const saved = await patchSettings(a, accessToken, { language: 'en-AU', disabledRules: ['SpellCheck'] });
    expect((await getSettings(a, accessToken)).body).toEqual(saved.body);
    expect(await settingsKeys(user.id)).not.toHaveLength(0);

    await deleteKeysWithPrefix(prefix);
    expect(await settingsKeys(user.id)).toHaveLength(0);

    // B never read this user's settings, so its L1 cannot answer: this read reaches PostgreSQL.
    const postgresHits = () =>
      b.app.get(CacheMetrics).snapshot().namespaces.settings?.layers.postgres.hits ?? 0;
    const hitsBefore = postgresHits();
    const afterFlush = await getSettings(b, accessToken);
    expect(afterFlush.status).toBe(200);
    expect(afterFlush.body).toEqual(saved.body);
    expect(afterFlush.etag).toBe(saved.etag);
    expect(postgresHits() - hitsBefore).toBe(1);

    // Re-cached: the Redis key is back and the next read does not go to PostgreSQL again.
    expect(await settingsKeys(user.id)).not.toHaveLength(0);
    expect((await getSettings(b, accessToken)).body).toEqual(saved.body);
    expect(postgresHits() - hitsBefore).toBe(1);
  });

  it('keeps users apart in the shared cache', async () => {
    const alice = await registerUser(a);
    const bob = await registerUser(b);
    await patchSettings(a, alice.accessToken, { tone: 'academic' });
    await getSettings(b, alice.accessToken);
    expect((await getSettings(b, bob.accessToken)).body).toMatchObject({ tone: 'neutral', version: 0 });
    expect((await getSettings(a, bob.accessToken)).body).toMatchObject({ tone: 'neutral', version: 0 });
    expect((await getSettings(a, alice.accessToken)).body).toMatchObject({ tone: 'academic', version: 1 });
  });
});
