import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_REDIS_CLUSTER_NODES } from '../../helpers/redis.js';
import { type AdminHarness, startAdminHarness } from './admin-harness.js';

type Layers = Record<
  'l1' | 'redis' | 'postgres' | 'upstream',
  { hits: number; misses: number; errors: number; hitRate: number | null }
>;

describe('GET /api/v1/admin/cache/stats', () => {
  let h: AdminHarness;

  beforeAll(async () => {
    h = await startAdminHarness();
  });
  afterAll(() => h?.close());

  const stats = async () => {
    const res = await h.adminCall('GET', '/api/v1/admin/cache/stats');
    expect(res.status).toBe(200);
    return res.body;
  };
  const delta = (after: Layers, before: Layers) =>
    Object.fromEntries(
      (Object.keys(after) as (keyof Layers)[]).map((layer) => [
        layer,
        {
          hits: after[layer].hits - before[layer].hits,
          misses: after[layer].misses - before[layer].misses,
          errors: after[layer].errors - before[layer].errors,
        },
      ]),
    );

  it('counts hits and misses per layer exactly as the traffic implies', async () => {
    const before = await stats();
    // legion: nowhere yet → the Free Dictionary API answers.  Again: L1.
    expect((await h.lookup('legion')).source).toBe('free-dictionary');
    expect((await h.lookup('legion')).source).toBe('l1');
    // hello: from the API; then its cache key is flushed (Redis + L1), so PostgreSQL answers.
    expect((await h.lookup('hello')).source).toBe('free-dictionary');
    expect((await h.adminCall('DELETE', '/api/v1/admin/cache/dict/en:hello')).body.removed).toBe(1);
    expect((await h.lookup('hello')).source).toBe('postgres');
    // An unknown word: both sources say "not found" (two upstream misses); the repeat is a cached not-found in L1.
    expect((await h.lookup('qwzxvbn')).status).toBe(404);
    expect((await h.lookup('qwzxvbn')).status).toBe(404);
    const after = await stats();

    expect(delta(after.namespaces.dict.layers, before.namespaces.dict.layers)).toEqual({
      l1: { hits: 2, misses: 4, errors: 0 },
      redis: { hits: 0, misses: 4, errors: 0 },
      postgres: { hits: 1, misses: 3, errors: 0 },
      upstream: { hits: 2, misses: 2, errors: 0 },
    });
    expect(after.namespaces.dict.negativeHits - before.namespaces.dict.negativeHits).toBe(1);
    // Rates are over everything this instance counted (it started with no dictionary traffic).
    expect(after.namespaces.dict.layers.l1.hitRate).toBeCloseTo(2 / 6, 4);
    expect(after.namespaces.dict.layers.upstream.hitRate).toBe(0.5);
    // Keys counted in Redis with SCAN: legion, hello (written back from PostgreSQL) and the negative entry.
    expect(after.namespaces.dict.keys).toBe(3);
    expect(after.namespaces.dict.l1Enabled).toBe(true);
    expect(after.namespaces.session.l1Enabled).toBe(false);
    expect(after.l1.size).toBeGreaterThanOrEqual(3);
    // The upstream was called for legion, hello and qwzxvbn, and answered each time.
    expect(after.upstreams['free-dictionary']).toMatchObject({
      calls: 3,
      failures: 0,
      circuit: 'closed',
      rejectedByCircuit: 0,
    });
    expect(after.upstreams['free-dictionary'].meanLatencyMs).toBeGreaterThan(0);
    expect(h.fake.count()).toBe(3);
    // Every dependency's breaker, from the one registry /metrics reads too.
    expect(
      Object.fromEntries(
        (after.circuits as { name: string; kind: string; state: string }[]).map((c) => [
          c.name,
          [c.kind, c.state],
        ]),
      ),
    ).toEqual({
      redis: ['datastore', 'closed'],
      postgresql: ['datastore', 'closed'],
      'free-dictionary': ['upstream', 'closed'],
      gemini: ['upstream', 'closed'],
    });
  });

  it('reports upstream failures and errors', async () => {
    const before = await stats();
    h.fake.setMode('down');
    try {
      expect((await h.lookup('cumbersome')).status).toBe(200); // WordNet stands in
    } finally {
      h.fake.setMode('ok');
    }
    const after = await stats();
    expect(after.upstreams['free-dictionary'].failures - before.upstreams['free-dictionary'].failures).toBe(
      1,
    );
    expect(after.namespaces.dict.layers.upstream.errors - before.namespaces.dict.layers.upstream.errors).toBe(
      1,
    );
    expect(after.namespaces.dict.layers.upstream.hits - before.namespaces.dict.layers.upstream.hits).toBe(1);
  });

  it('shows Redis as Redis itself sees it, and what else of this app lives there', async () => {
    const { redis, namespaces } = await stats();
    expect(redis).toMatchObject({
      configured: true,
      breaker: 'closed',
      pendingRepairs: 0,
      keyCountCapped: false,
    });
    expect(redis.server).toMatchObject({
      ...(TEST_REDIS_CLUSTER_NODES ? { mode: 'cluster', nodes: 3 } : { mode: 'standalone', nodes: 1 }),
      pingMs: expect.any(Number),
      usedMemoryBytes: expect.any(Number),
      maxmemoryBytes: expect.any(Number),
      maxmemoryPolicy: expect.any(String),
      evictedKeys: expect.any(Number),
      connectedClients: expect.any(Number),
    });
    expect(redis.server.usedMemoryBytes).toBeGreaterThan(0);
    expect(redis.server.keyspaceHits + redis.server.keyspaceMisses).toBeGreaterThan(0);
    // Sessions of the two users are cached; rate-limit counters are the app's own non-cache keys.
    expect(namespaces.session.keys).toBeGreaterThanOrEqual(2);
    expect(redis.otherAppKeys).toBeGreaterThan(0);
    const [sessionKeys, allKeys] = await Promise.all([
      h.keys(`${h.prefix}session:*`),
      h.keys(`${h.prefix}*`),
    ]);
    expect(namespaces.session.keys).toBe(sessionKeys.length);
    const cacheKeys = Object.values(namespaces as Record<string, { keys: number }>).reduce(
      (n, ns) => n + ns.keys,
      0,
    );
    expect(cacheKeys + redis.otherAppKeys).toBe(allKeys.length);
  });

  it("includes today's Gemini usage from llm_usage", async () => {
    await h.sql(
      `INSERT INTO llm_usage (id, event_id, user_id, model, prompt_tokens, completion_tokens, total_tokens, estimated_cost_usd, created_at)
       VALUES (gen_random_uuid(), 'e1', $1, 'gemini-2.5-flash', 100, 20, 120, 0.00008, now()),
              (gen_random_uuid(), 'e2', $1, 'gemini-2.5-flash', 50, 10, 60, 0.00004, now()),
              (gen_random_uuid(), 'e3', $1, 'gemini-2.5-flash', 999, 999, 1998, 1, now() - interval '2 days')`,
      [h.user.user.id],
    );
    const { llm, writeBehind } = await stats();
    expect(llm.today).toMatchObject({ calls: 2, promptTokens: 150, completionTokens: 30, totalTokens: 180 });
    expect(llm.today.costUsd).toBeCloseTo(0.00012, 8);
    expect(llm.bufferedUsageEvents).toBe(0);
    expect(writeBehind).toEqual({ llmUsageEvents: 0, dictionaryLookupWords: expect.any(Number) });
  });
});
