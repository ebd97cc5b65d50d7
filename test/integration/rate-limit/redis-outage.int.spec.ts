import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { type RateLimitTestApp, sleep, startRateLimitApp } from './rate-limit-test-app.js';

const LIMIT = 5;

/** Sends `count` requests one after another as `user`, returning the statuses. */
async function sequence(app: RateLimitTestApp, user: string, count: number): Promise<number[]> {
  const statuses = [];
  for (let i = 0; i < count; i++) {
    const res = await app.request('/api/v1/rl/default', { headers: { 'x-test-user': user } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function scriptCalls(redis: Redis): Promise<{ eval: number; evalsha: number; evalshaFailed: number }> {
  const info = await redis.info('commandstats');
  const stat = (cmd: string, field: string) =>
    Number(new RegExp(`cmdstat_${cmd}:.*?\\b${field}=(\\d+)`).exec(info)?.[1] ?? 0);
  return {
    eval: stat('eval', 'calls'),
    evalsha: stat('evalsha', 'calls'),
    evalshaFailed: stat('evalsha', 'failed_calls'),
  };
}

// A private redis-server: stopping, freezing or flushing the shared one would break everybody else's tests.
describe('when Redis fails (private redis-server, two instances)', () => {
  let server: PrivateRedisServer;
  let raw: Redis;
  let a: RateLimitTestApp;
  let b: RateLimitTestApp;
  const ready = (app: RateLimitTestApp) => app.redis.client!.status === 'ready';

  beforeAll(async () => {
    server = await PrivateRedisServer.start();
    const env = {
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(),
      REDIS_COMMAND_TIMEOUT_MS: '200',
      RATE_LIMIT_DEFAULT_LIMIT: String(LIMIT),
      RATE_LIMIT_DEFAULT_TTL_SECONDS: '60',
    };
    [a, b] = await Promise.all([startRateLimitApp(env), startRateLimitApp(env)]);
  });
  afterAll(async () => {
    raw?.disconnect();
    await Promise.all([a?.close(), b?.close()]);
    await server?.stop();
  });

  it('while Redis is up, the two instances share one budget', async () => {
    const statuses = [...(await sequence(a, 'up', 3)), ...(await sequence(b, 'up', 3))];
    expect(tally(statuses)).toEqual({ 200: LIMIT, 429: 1 });
  });

  it('with Redis frozen, checks time out into the in-process limiter and are still limited', async () => {
    server.freeze();
    try {
      const failuresBefore = a.metrics.snapshot().redisFailures;
      expect(await sequence(a, 'frozen', 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      // One check waits out the 200 ms timeout; the gate then keeps the others off the frozen server for a
      // second (without it, every check would wait: 7 failures, 1.4 s).
      const failures = a.metrics.snapshot().redisFailures - failuresBefore;
      expect(failures).toBeGreaterThanOrEqual(1);
      expect(failures).toBeLessThanOrEqual(2);
    } finally {
      server.thaw();
    }
  });

  it('with Redis stopped, each instance limits on its own (per-instance limits), never erring', async () => {
    await server.stop();
    await until(() => !ready(a) && !ready(b));
    const fallbacksBefore = a.metrics.snapshot().fallbackChecks;
    expect(await sequence(a, 'down', 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await sequence(b, 'down', 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(a.metrics.snapshot().fallbackChecks - fallbacksBefore).toBe(7);
  });

  it('after Redis restarts (empty script cache), the scripts run again without errors and the budget is shared again', async () => {
    await server.restart();
    await until(() => ready(a) && ready(b));
    const before = [a.metrics.snapshot(), b.metrics.snapshot()];
    raw = rawRedis(server.url);
    // Counted from here: on reconnect ioredis may resend a check left unanswered by the stopped server
    // (`autoResendUnfulfilledCommands`); that one is not part of what this test measures.
    await raw.config('RESETSTAT');

    const statuses = [...(await sequence(a, 'restarted', 3)), ...(await sequence(b, 'restarted', 3))];
    expect(tally(statuses)).toEqual({ 200: LIMIT, 429: 1 });
    // Decided by Redis (no fallback), with no failed call.
    expect(
      [a.metrics.snapshot(), b.metrics.snapshot()].map((m, i) => [
        m.redisFailures - before[i].redisFailures,
        m.fallbackChecks - before[i].fallbackChecks,
      ]),
    ).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // Loaded at most once per connection (EVAL), then called by SHA, never refused. A connection whose
    // unanswered check was resent on reconnect loaded the script before RESETSTAT: then all six are EVALSHA
    // calls after one EVAL, or none.
    const calls = await scriptCalls(raw);
    expect(calls.eval + calls.evalsha).toBe(6);
    expect(calls.eval).toBeLessThanOrEqual(2);
    expect(calls.evalshaFailed).toBe(0);
  });

  it('a flushed script cache (NOSCRIPT) is reloaded transparently', async () => {
    const before = a.metrics.snapshot();
    const calls = await scriptCalls(raw);
    await raw.script('FLUSH');

    expect(await sequence(a, 'flushed', 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const after = await scriptCalls(raw);
    expect(after.evalshaFailed - calls.evalshaFailed).toBe(1); // the NOSCRIPT…
    expect(after.eval - calls.eval).toBe(1); // …answered by one EVAL with the body
    expect(a.metrics.snapshot()).toMatchObject({
      redisFailures: before.redisFailures,
      fallbackChecks: before.fallbackChecks,
    });
  });
});

describe('without Redis configured (embedded mode)', () => {
  let app: RateLimitTestApp;
  beforeAll(
    async () =>
      (app = await startRateLimitApp({ REDIS_URL: undefined, RATE_LIMIT_DEFAULT_LIMIT: String(LIMIT) })),
  );
  afterAll(() => app?.close());

  it('limits in process', async () => {
    expect(app.redis.client).toBeNull();
    expect(await sequence(app, 'embedded', 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
