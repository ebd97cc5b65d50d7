import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/**
 * Redis frozen (SIGSTOP: the connection stays open, nothing answers). Every Redis user of a request — the
 * session check, the rate limiter, the cache — shares one health signal, so the first timeout sends all of
 * them to their fallbacks at once instead of each waiting out its own timeout in turn.
 */
describe('a frozen Redis', () => {
  let redis: PrivateRedisServer;
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    [redis, db] = await Promise.all([PrivateRedisServer.start(), createTestDatabase()]);
    app = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: redis.url });
  });
  afterAll(async () => {
    redis?.thaw();
    await app?.close();
    await Promise.all([redis?.stop(), db?.drop()]);
  });

  it('costs the first request one command timeout, later ones almost nothing, and recovers by itself', async () => {
    const user = await registerUser(app);
    const read = async () => {
      const started = performance.now();
      const res = await app.request('/api/v1/settings', { token: user.accessToken });
      return {
        status: res.status,
        ms: performance.now() - started,
        body: (await res.json()) as { theme?: string },
      };
    };
    const warm = await read();
    expect(warm.status).toBe(200);
    const baseline = (await read()).ms;

    redis.freeze();
    const first = await read();
    const later = [];
    for (let i = 0; i < 5; i++) later.push(await read());
    redis.thaw();

    expect(first.status).toBe(200);
    expect(first.body.theme).toBe('system');
    // One REDIS_COMMAND_TIMEOUT_MS (400 ms by default; ~415 ms on a quiet machine, the target is 500 ms),
    // not one per subsystem (two would be 800+); CI's shared cores get some slack.
    expect(first.ms).toBeLessThan(650);
    for (const r of later) expect(r.status).toBe(200);
    const median = later.map((r) => r.ms).sort((a, b) => a - b)[2]!;
    expect(median).toBeLessThan(baseline + 50);
    console.info(
      `[frozen redis] first request ${first.ms.toFixed(0)} ms; later median ${median.toFixed(1)} ms (baseline ${baseline.toFixed(1)} ms)`,
    );

    // Recovery needs no restart.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await read()).status).toBe(200);
  });
});
