import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { UsageFlusher } from '#src/correction/usage/usage-flusher.js';

import { FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { loginUser, registerUser } from '../../helpers/auth.js';
import { PrivateRedisCluster } from '../../helpers/redis-cluster.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/**
 * Two instances on a private Redis Cluster (3 masters + 3 replicas, password) under steady traffic; one
 * master is killed and its replica takes over. Sessions, rate limits and budgets keep working after the
 * switch, no request gets a 5xx beyond the documented degraded 503, and the usage buffer loses nothing.
 */
describe('Redis Cluster failover under load', () => {
  let cluster: PrivateRedisCluster;
  let db: TestDatabase;
  let gemini: FakeGeminiServer;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [cluster, db, gemini] = await Promise.all([
      PrivateRedisCluster.start(),
      createTestDatabase(),
      FakeGeminiServer.start(),
    ]);
    gemini.respondWith(correctionHandler());
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: undefined,
      REDIS_CLUSTER_NODES: cluster.nodeList,
      REDIS_PASSWORD: cluster.password,
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      // The test flushes the usage buffer itself.
      LLM_USAGE_FLUSH_INTERVAL_MS: '600000',
      RATE_LIMIT_AUTH_EMAIL_LIMIT: '5',
      RATE_LIMIT_AUTH_TTL_SECONDS: '300',
      AUTH_LOGIN_ACCOUNT_FAILURES: '100000',
    };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([cluster?.stop(), gemini?.close(), db?.drop()]);
  });

  it('keeps serving through the loss of a master; sessions, rate limits and the usage buffer survive', async () => {
    const writer = await registerUser(a);
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let corrections = 0;
    let running = true;
    const load = async (app: TestApp, n: number) => {
      for (let i = 0; running; i++) {
        const read = await app.request('/api/v1/settings', { token: writer.accessToken });
        const correct = await app.request('/api/v1/llm/correct', {
          method: 'POST',
          token: writer.accessToken,
          json: { text: `Client ${n} wrote teh draft number ${i}.` },
        });
        for (const res of [read, correct]) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const body = await res.text();
          if (res.status >= 500 && !(res.status === 503 && res.headers.get('retry-after'))) {
            unexpected.push(`${res.status} ${body.slice(0, 200)}`);
          }
        }
        if (correct.status === 200) corrections++;
      }
    };
    const clients = [load(a, 1), load(b, 2), load(a, 3), load(b, 4)];

    await new Promise((r) => setTimeout(r, 1_000));
    const [victim] = await cluster.masters();
    const switchMs = await cluster.killMaster(victim!);
    // Traffic goes on for a while on the new topology.
    await new Promise((r) => setTimeout(r, 2_000));
    running = false;
    await Promise.all(clients);

    expect(switchMs).toBeLessThan(30_000);
    expect(unexpected).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(20);
    expect(corrections).toBeGreaterThan(4);

    // Sessions: a logout on A is refused on B at the next request.
    const other = await loginUser(a, writer);
    expect((await b.request('/api/v1/users/me', { token: other.accessToken })).status).toBe(200);
    expect(
      (await a.request('/api/v1/auth/logout', { method: 'POST', token: other.accessToken })).status,
    ).toBe(204);
    expect((await b.request('/api/v1/users/me', { token: other.accessToken })).status).toBe(401);

    // Rate limits: exact across both instances after the switch (5 logins per email, the 6th refused).
    const limited = await registerUser(a);
    const logins = [];
    for (let i = 0; i < 6; i++) {
      const app = i % 2 === 0 ? a : b;
      logins.push(
        (
          await app.request('/api/v1/auth/login', {
            method: 'POST',
            json: { email: limited.email, password: limited.password },
          })
        ).status,
      );
    }
    // Registration itself counts as one of the account's five.
    expect(logins.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(logins.slice(0, 4)).toEqual([200, 200, 200, 200]);

    // The usage buffer: every Gemini call of the run is in PostgreSQL once the buffer is flushed.
    await a.app.get(UsageFlusher).flush();
    await b.app.get(UsageFlusher).flush();
    const client = new pg.Client({ connectionString: db.directUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM llm_usage');
      expect(rows[0]!.n).toBe(gemini.callCount);
    } finally {
      await client.end();
    }
  }, 90_000);
});
